// 0201 ARREARS_QUERY (电费查询) → SG186 010 (hhu-protocol.md §5).
#include <fmt/format.h>


#include "mstation/sg186/queries.hpp"
#include "mstation/txn/upstream.hpp"

namespace mstation::txn {
namespace {

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

Prepared handle_arrears_query_prepare(HandlerContext& ctx) {
  const auto customer_no = identifier_field(ctx.request, "customer_no", 16);
  if (!customer_no) return reply(codes::format_error);
  return ask(ctx, sg186::arrears_query({*customer_no}));
}

nlohmann::json handle_arrears_query_finish(HandlerContext& ctx, const sg186::ExchangeResult& result) {
  return finish_query<sg186::ArrearsResponse>(
      ctx, result, [](const sg186::Message& m) { return sg186::decode_arrears_response(m.body, m.header.record_num); },
      arrears_body);
}

}  // namespace mstation::txn
