// GET /api/transactions and /api/transactions.csv: business transactions
// found by customer, terminal, operator, serial, business dates and state,
// newest first; an office user's search only ever covers its own station
// (the terminal's). One fixed query with NULL meaning "any", so no filter
// ever becomes SQL text.
#include <fmt/format.h>

#include <regex>

#include "api_handlers.hpp"
#include "mstation/store/timestamps.hpp"
#include "sql_json.hpp"

namespace mstation::web {
namespace {

using nlohmann::json;

constexpr int default_page_size = 50;
constexpr int max_page_size = 200;
constexpr int max_csv_rows = 100'000;
constexpr std::size_t max_filter_length = 64;

struct Filters {
  std::optional<std::string> customer, tid, operator_id, serial, from, to, state, txn, station;
};

std::optional<std::string> filter(const Params& query, const char* key) {
  const auto it = query.find(key);
  if (it == query.end() || it->second.empty()) return std::nullopt;
  if (it->second.size() > max_filter_length) throw BadRequest(fmt::format("{} is too long", key));
  return it->second;
}

Filters filters_of(const Viewer& viewer, const Params& query) {
  return {filter(query, "customer"),   filter(query, "tid"),   filter(query, "operator"),
          filter(query, "serial"),     iso_date_param(query, "from"), iso_date_param(query, "to"),
          filter(query, "state"),      filter(query, "txn"),   viewer.station};
}

int int_param(const Params& query, const char* key, int fallback, int low, int high) {
  const auto it = query.find(key);
  if (it == query.end() || it->second.empty()) return fallback;
  if (!std::regex_match(it->second, std::regex("[0-9]{1,6}"))) throw BadRequest(fmt::format("{} must be a number", key));
  return std::clamp(std::stoi(it->second), low, high);
}

const std::string& where_clause() {
  static const std::string where =
      "FROM mstation.business_txn b JOIN mstation.terminal t ON t.tid = b.tid "
      "WHERE ($1::text IS NULL OR b.customer_no = $1) AND ($2::text IS NULL OR b.tid = $2) "
      "  AND ($3::text IS NULL OR b.operator_id = $3) AND ($4::text IS NULL OR b.sg186_serial = $4) "
      "  AND ($5::date IS NULL OR b.business_date >= $5::date) AND ($6::date IS NULL OR b.business_date <= $6::date) "
      "  AND ($7::text IS NULL OR b.state = $7 OR ($7 = 'in_doubt' AND b.state IN ('pending', 'unknown', 'manual'))) "
      "  AND ($8::text IS NULL OR b.txn = $8) "
      "  AND ($9::text IS NULL OR t.station = $9) ";
  return where;
}

std::string columns() {
  return "b.txn_id, " + store::iso_china_sql("b.created_at") +
         " AS created_at, b.business_date, b.tid, t.station, b.operator_id, b.txn, b.customer_no, b.amount_fen, "
         "b.state, b.sg186_serial, b.response_code, b.receipt_no ";
}

template <typename... More>
json select_rows(pqxx::transaction_base& tx, const Filters& f, const std::string& tail, More&&... more) {
  return rows_json(tx, "SELECT " + columns() + where_clause() + tail, f.customer, f.tid, f.operator_id, f.serial,
                   f.from, f.to, f.state, f.txn, f.station, std::forward<More>(more)...);
}

void name_txns(json& rows) {
  for (auto& r : rows) r["txn_name"] = txn_name(r["txn"].get<std::string>());
}

// RFC 4180: a field with a comma, quote or line break is quoted, quotes
// doubled; one that a spreadsheet would take for a formula starts with '.
std::string csv_field(std::string text) {
  if (!text.empty() && std::string_view("=+-@").find(text.front()) != std::string_view::npos) text.insert(0, "'");
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

std::string yuan(std::int64_t fen) { return fmt::format("{}.{:02}", fen / 100, fen % 100); }

std::string text_of(const json& v) { return v.is_null() ? "" : v.is_string() ? v.get<std::string>() : v.dump(); }

}  // namespace

json transactions_json(pqxx::transaction_base& tx, const Viewer& viewer, const Params& query) {
  const auto f = filters_of(viewer, query);
  const int page = int_param(query, "page", 1, 1, 1'000'000);
  const int page_size = int_param(query, "page_size", default_page_size, 1, max_page_size);
  const auto total = tx.exec_params("SELECT count(*) " + where_clause(), f.customer, f.tid, f.operator_id, f.serial,
                                    f.from, f.to, f.state, f.txn, f.station)[0][0]
                         .as<std::int64_t>();
  auto rows = select_rows(tx, f, "ORDER BY b.created_at DESC, b.txn_id DESC LIMIT $10 OFFSET $11", page_size,
                          static_cast<std::int64_t>(page - 1) * page_size);
  name_txns(rows);
  return {{"total", total}, {"page", page}, {"page_size", page_size}, {"rows", rows}};
}

std::string transactions_csv(pqxx::transaction_base& tx, const Viewer& viewer, const Params& query) {
  const auto f = filters_of(viewer, query);
  auto rows = select_rows(tx, f, "ORDER BY b.created_at DESC, b.txn_id DESC LIMIT $10", max_csv_rows);
  name_txns(rows);
  std::string out =
      "txn_id,created_at,business_date,tid,station,operator_id,txn,txn_name,customer_no,amount_yuan,state,"
      "sg186_serial,response_code,receipt_no\r\n";
  for (const auto& r : rows) {
    std::vector<std::string> fields = {
        text_of(r["txn_id"]),      text_of(r["created_at"]),  text_of(r["business_date"]), text_of(r["tid"]),
        text_of(r["station"]),     text_of(r["operator_id"]), text_of(r["txn"]),           text_of(r["txn_name"]),
        text_of(r["customer_no"]), yuan(r["amount_fen"].get<std::int64_t>()),               text_of(r["state"]),
        text_of(r["sg186_serial"]), text_of(r["response_code"]), text_of(r["receipt_no"])};
    for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + csv_field(fields[i]);
    out += "\r\n";
  }
  return out;
}

}  // namespace mstation::web
