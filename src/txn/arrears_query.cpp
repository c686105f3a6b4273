// 0201 ARREARS_QUERY (电费查询) → SG186 010 (hhu-protocol.md §5).
#include <fmt/format.h>

#include <algorithm>

#include "mstation/sg186/queries.hpp"
#include "mstation/txn/upstream.hpp"

namespace mstation::txn {
namespace {

// CONS_NO is C(16): letters and digits only, so nothing is cut or converted.
bool valid_customer_no(const std::string& s) {
  return !s.empty() && s.size() <= 16 &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
}

std::string month_text(std::uint32_t yyyymm) { return fmt::format("{:04}-{:02}", yyyymm / 100, yyyymm % 100); }

nlohmann::json arrears_body(const sg186::ArrearsResponse& a) {
  auto body = reply(codes::success);
  body["customer_no"] = a.cons_no;
  body["customer_name"] = a.cons_name;
  body["address"] = a.address;
  body["bills"] = nlohmann::json::array();
  for (const auto& b : a.bills) {
    body["bills"].push_back({{"bill_id", b.bill_id},
                             {"month", month_text(b.month)},
                             {"amount_fen", b.amount_fen},
                             {"late_fee_fen", b.penalty_fen}});
  }
  body["total_fen"] = a.owe_total_fen + a.penalty_total_fen;
  body["prepaid_balance_fen"] = a.prepaid_bal_fen;
  body["partial_allowed"] = a.partial_allowed;
  body["card_meter"] = a.card_meter;
  return body;
}

}  // namespace

std::variant<nlohmann::json, sg186::Request> handle_arrears_query_prepare(HandlerContext& ctx) {
  const auto customer_no = string_field(ctx.request, "customer_no");
  if (!customer_no || !valid_customer_no(*customer_no)) return reply(codes::format_error);
  return on_behalf_of(ctx, sg186::arrears_query({*customer_no}));
}

nlohmann::json handle_arrears_query_finish(HandlerContext& ctx, const sg186::ExchangeResult& result) {
  if (!result.succeeded()) return upstream_failure(ctx, result, false);
  const auto decoded = sg186::decode_arrears_response(result.answer->body, result.answer->header.record_num);
  if (const auto* problem = std::get_if<std::string>(&decoded)) {
    // SG186 said yes but its body does not read: for a query, "unavailable".
    auto body = reply(codes::upstream_unavailable);
    body["reason"] = "SG186 answer unreadable: " + *problem;
    return body;
  }
  return arrears_body(std::get<sg186::ArrearsResponse>(decoded));
}

}  // namespace mstation::txn
