// 0302 DUNNING_NOTICE (催费通知单) → SG186 010, then 032 (hhu-protocol.md §5):
// the customer's arrears are asked first, so the printed notice states what
// is owed; the notice is then registered with SG186 as served today, and
// printed only once SG186 has it. The notice number is TZ + the business date
// + the transaction id: unique forever.
#include <fmt/format.h>

#include "mstation/sg186/dunning.hpp"
#include "mstation/sg186/queries.hpp"
#include "mstation/txn/business.hpp"
#include "mstation/txn/print_layout.hpp"

namespace mstation::txn {
namespace {

std::vector<std::string> notice_lines(HandlerContext& ctx, const sg186::ArrearsResponse& a, const std::string& notice_no) {
  ReceiptFields fields{{"通知单号", notice_no},
                       {"户号", a.cons_no},
                       {"户名", a.cons_name},
                       {"地址", a.address},
                       {"欠费金额", yuan(static_cast<std::int64_t>(a.owe_total_fen))},
                       {"违约金", yuan(static_cast<std::int64_t>(a.penalty_total_fen))},
                       {"合计", yuan(static_cast<std::int64_t>(a.owe_total_fen + a.penalty_total_fen))}};
  for (const auto& b : a.bills) {
    fields.push_back({fmt::format("{:04}-{:02}", b.month / 100, b.month % 100),
                      yuan(static_cast<std::int64_t>(b.amount_fen + b.penalty_fen))});
  }
  auto lines = receipt_lines("电费催缴通知单", fields, ctx.terminal.tid, operator_of(ctx), ctx.now);
  for (auto& line : wrap_columns("请于7日内缴清电费。逾期未缴，将依照《供电营业规则》停止供电。")) {
    lines.insert(lines.end() - 4, std::move(line));  // above the terminal, operator and time
  }
  return lines;
}

// Step 1 answered: write the notice ahead and register it (032).
Prepared register_notice(HandlerContext& ctx, const sg186::ArrearsResponse& a) {
  if (a.owe_total_fen + a.penalty_total_fen == 0) {
    auto body = reply(codes::declined_upstream);
    body["upstream_code"] = sg186::rsp::nothing_owed;
    body["message"] = "该户无欠费，无需催费";
    return body;
  }
  auto t = new_business_txn(ctx, "0302", a.cons_no, static_cast<std::int64_t>(a.owe_total_fen + a.penalty_total_fen), false);
  t.txn_id = store::next_business_txn_id(ctx.tx);
  t.receipt_no = "TZ" + store::receipt_number(t.business_date, t.txn_id);  // C(20)
  t.receipt_lines = notice_lines(ctx, a, t.receipt_no);
  auto asked = ask(ctx, sg186::notice_served({a.cons_no, t.receipt_no, t.business_date}));
  write_ahead(ctx, t, asked);
  return asked;
}

}  // namespace

Prepared handle_dunning_notice_prepare(HandlerContext& ctx) {
  const auto customer_no = identifier_field(ctx.request, "customer_no", 16);
  if (!customer_no) return reply(codes::format_error);
  return ask(ctx, sg186::arrears_query({*customer_no}));
}

Prepared handle_dunning_notice_finish(HandlerContext& ctx, const sg186::ExchangeResult& result) {
  auto t = store::lock_business_txn_of(ctx.tx, {ctx.terminal.tid, ctx.terminal.seq_epoch, ctx.header.seq});
  if (!t) {  // the arrears query answered
    if (!result.succeeded()) return upstream_failure(ctx, result, false);
    auto decoded = sg186::decode_arrears_response(result.answer->body, result.answer->header.record_num);
    if (auto* a = std::get_if<sg186::ArrearsResponse>(&decoded)) return register_notice(ctx, *a);
    return reply(codes::upstream_unavailable);
  }
  nlohmann::json body;
  if (result.succeeded()) {
    t->state = store::txn_state::succeeded;
    body = reply(codes::success);
    body["notice"] = {{"notice_no", t->receipt_no}, {"lines", t->receipt_lines}};
  } else {
    // Not registered (or not known to be): no notice is printed; the electrician may ask again.
    t->state = result.kind == sg186::ResultKind::in_doubt ? store::txn_state::unknown : store::txn_state::declined;
    body = upstream_failure(ctx, result, false);
  }
  if (result.answer) t->sg186_code = result.answer->header.rsp_code;
  t->response_code = body.value("code", "");
  settle(ctx, *t, store::txn_state::pending);
  return body;
}

}  // namespace mstation::txn
