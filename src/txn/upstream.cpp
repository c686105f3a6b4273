#include "mstation/txn/upstream.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "mstation/common/printable.hpp"
#include "mstation/store/alert_store.hpp"
#include "mstation/txn/business.hpp"
#include "mstation/txn/sg186_journal.hpp"
#include "mstation/txn/sg186_numbering.hpp"

namespace mstation::txn {
namespace {

// The SG186 request's NODE and OPERATOR for this terminal and operator.
sg186::Request on_behalf_of(HandlerContext& ctx, sg186::Request request) {
  request.node = ctx.terminal.tid;
  if (ctx.working_key) request.operator_id = ctx.working_key->operator_id;
  return request;
}

}  // namespace

const UpstreamHandler* find_upstream(std::uint16_t txn) {
  static const std::map<std::uint16_t, UpstreamHandler> table{
      {txns::reading_tasks, {handle_reading_tasks_prepare, handle_reading_tasks_finish}},
      {txns::reading_anomaly, {handle_reading_anomaly_prepare, handle_reading_anomaly_finish}},
      {txns::arrears_query, {handle_arrears_query_prepare, handle_arrears_query_finish}},
      {txns::dunning_tasks, {handle_dunning_tasks_prepare, handle_dunning_tasks_finish}},
      {txns::outage_check, {handle_outage_check_prepare, handle_outage_check_finish}},
      {txns::reading_upload, {handle_reading_upload_prepare, handle_reading_upload_finish}},
      {txns::payment, {handle_payment_prepare, handle_payment_finish}},
      {txns::reversal, {handle_reversal_prepare, handle_reversal_finish}},
      {txns::prepayment, {handle_prepayment_prepare, handle_prepayment_finish}},
      {txns::dunning_notice, {handle_dunning_notice_prepare, handle_dunning_notice_finish}},
      {txns::card_purchase, {handle_card_purchase_prepare, handle_card_purchase_finish}},
      {txns::card_write_confirm, {handle_card_write_confirm_prepare, handle_card_write_confirm_finish}},
  };
  const auto it = table.find(txn);
  return it == table.end() ? nullptr : &it->second;
}

Code upstream_code(std::string_view rsp) {
  if (rsp == sg186::rsp::success) return codes::success;
  if (rsp == sg186::rsp::customer_not_found) return codes::customer_not_found;
  if (rsp == sg186::rsp::reversal_mismatch) return codes::original_mismatch;
  if (rsp == sg186::rsp::reversal_other_day) return codes::reversal_closed;
  if (rsp == sg186::rsp::original_not_found) return codes::original_not_found;
  if (rsp == sg186::rsp::already_reversed) return codes::already_reversed;
  if (rsp == sg186::rsp::bad_packet || rsp == sg186::rsp::serial_reused) return codes::internal_error;
  return codes::declined_upstream;
}

nlohmann::json upstream_failure(HandlerContext& ctx, const sg186::ExchangeResult& result, bool moves_money) {
  if (!result.answer) {
    const bool unknown = moves_money && result.kind == sg186::ResultKind::in_doubt;
    return reply(unknown ? codes::upstream_in_doubt : codes::upstream_unavailable);
  }
  const auto& h = result.answer->header;
  const Code code = upstream_code(h.rsp_code);
  auto body = reply(code);
  body["upstream_code"] = h.rsp_code;
  const std::string_view mapped = code.code;
  if (mapped == codes::declined_upstream.code && !h.rsp_msg.empty()) body["message"] = h.rsp_msg;
  if (mapped == codes::internal_error.code) {
    store::raise_alert(ctx.tx, store::Severity::critical, "sg186_refused_our_request", printable(h.serial),
                       "SG186 answered " + h.rsp_code + " (" + h.rsp_msg +
                           ") to TXN " + sg186::txn_name(h.txn_code) + ": our request was malformed or its serial reused");
  }
  return body;
}


sg186::NumberedRequest ask(HandlerContext& ctx, const sg186::Request& request, std::uint32_t work_date) {
  auto numbered = number_request(ctx.tx, ctx.settings.agency_code, on_behalf_of(ctx, request), ctx.now, work_date);
  journal_sg186_request(*ctx.journal, Sg186Context{ctx.exchange_id, ctx.settings.sg186_peer}, numbered.bytes);
  return numbered;
}

std::optional<std::string> identifier_field(const nlohmann::json& request, const char* name, std::size_t max_length) {
  auto value = string_field(request, name);
  if (!value || value->empty() || value->size() > max_length) return std::nullopt;
  const bool plain = std::all_of(value->begin(), value->end(),
                                 [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
  return plain ? value : std::nullopt;
}

std::string iso_date(std::uint32_t d) {
  return d == 0 ? std::string() : fmt::format("{:04}-{:02}-{:02}", d / 10000, (d / 100) % 100, d % 100);
}

}  // namespace mstation::txn
