#include "requests.hpp"

#include "mstation/common/china_time.hpp"

namespace mstation::hhu_sim {
namespace {

using nlohmann::json;

json paged(const std::string& segment_no, const Page& page) {
  json body{{"segment_no", segment_no}};
  if (page.page) body["page"] = *page.page;
  if (page.page_size) body["page_size"] = *page.page_size;
  return body;
}

json reading_json(const Reading& r, const std::string& read_at) {
  json j{{"customer_no", r.customer_no}, {"meter_no", r.meter_no}, {"reading", r.reading}, {"read_at", read_at}};
  if (r.status) j["status"] = *r.status;
  if (r.anomaly_code) j["anomaly_code"] = *r.anomaly_code;
  return j;
}

}  // namespace

Step sign_on(const std::string& operator_id, const std::string& password) {
  return {"sign-on", txn::sign_on, {{"operator_id", operator_id}, {"password", password}}};
}

Step sign_off() { return {"sign-off", txn::sign_off}; }

Step echo() { return {"echo", txn::echo}; }

Step reading_tasks(const std::string& segment_no, const Page& page) {
  return {"reading-tasks", txn::reading_tasks, paged(segment_no, page)};
}

Step reading_upload(const std::string& segment_no, const std::vector<Reading>& readings) {
  const std::string read_at = iso8601_china(Clock::now());
  json list = json::array();
  for (const auto& r : readings) list.push_back(reading_json(r, read_at));
  return {"upload", txn::reading_upload, {{"segment_no", segment_no}, {"readings", std::move(list)}}};
}

Step reading_anomaly(const std::string& customer_no, const std::string& meter_no, const std::string& anomaly_code,
                     const std::optional<std::string>& note) {
  json body{{"customer_no", customer_no}, {"meter_no", meter_no}, {"anomaly_code", anomaly_code}};
  if (note) body["note"] = *note;
  return {"anomaly", txn::reading_anomaly, std::move(body)};
}

Step bill_estimate(const std::string& customer_no, std::int64_t reading, std::optional<std::int64_t> status) {
  json body{{"customer_no", customer_no}, {"reading", reading}};
  if (status) body["status"] = *status;
  return {"estimate", txn::bill_estimate, std::move(body)};
}

Step arrears_query(const std::string& customer_no) {
  return {"arrears", txn::arrears_query, {{"customer_no", customer_no}}};
}

Step payment(const std::string& customer_no, std::int64_t amount_fen) {
  return {"pay", txn::payment, {{"customer_no", customer_no}, {"amount_fen", amount_fen}}};
}

Step reversal(std::int64_t orig_seq, const std::string& customer_no, std::int64_t amount_fen) {
  return {"reverse", txn::reversal, {{"orig_seq", orig_seq}, {"customer_no", customer_no}, {"amount_fen", amount_fen}}};
}

Step prepayment(const std::string& customer_no, std::int64_t amount_fen) {
  return {"prepay", txn::prepayment, {{"customer_no", customer_no}, {"amount_fen", amount_fen}}};
}

Step receipt_reprint(std::int64_t txn_id) { return {"reprint", txn::receipt_reprint, {{"txn_id", txn_id}}}; }

Step collection_stats(const std::optional<std::string>& date) {
  json body = json::object();
  if (date) body["date"] = *date;
  return {"stats", txn::collection_stats, std::move(body)};
}

Step day_settlement(json body) { return {"settle", txn::day_settlement, std::move(body)}; }

Step dunning_tasks(const std::string& segment_no, const Page& page) {
  return {"dunning-tasks", txn::dunning_tasks, paged(segment_no, page)};
}

Step dunning_notice(const std::string& customer_no) {
  return {"notice", txn::dunning_notice, {{"customer_no", customer_no}}};
}

Step outage_check(const std::string& customer_no) {
  return {"outage", txn::outage_check, {{"customer_no", customer_no}}};
}

Step card_purchase(const std::string& customer_no, const std::string& meter_no, std::int64_t amount_fen,
                   const std::string& card_serial, std::int64_t purchase_count) {
  return {"card",
          txn::card_purchase,
          {{"customer_no", customer_no},
           {"meter_no", meter_no},
           {"amount_fen", amount_fen},
           {"card_serial", card_serial},
           {"purchase_count", purchase_count}}};
}

Step card_write_confirm(std::int64_t txn_id, bool written) {
  return {"card-confirm", txn::card_write_confirm, {{"txn_id", txn_id}, {"written", written}}};
}

}  // namespace mstation::hhu_sim
