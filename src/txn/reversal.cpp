// 0203 REVERSAL (电费冲正) → SG186 012 (hhu-protocol.md §5): the terminal
// takes back one of its own payments or prepayments of today. Checks run in
// the spec's order 25 → A4 → 64 → 77 under a lock on the original, so two
// reversals of one original cannot both pass. A reversal in doubt is resent
// from the SAF queue under its own serial until SG186 answers.
#include "mstation/sg186/account_changes.hpp"
#include "mstation/store/saf_store.hpp"
#include "mstation/txn/business.hpp"
#include "mstation/txn/print_layout.hpp"

namespace mstation::txn {
namespace {

// The original, or why it cannot be reversed.
std::variant<store::BusinessTxn, nlohmann::json> reversible_original(HandlerContext& ctx, std::int64_t orig_seq,
                                                                     const std::string& customer_no,
                                                                     std::int64_t amount_fen) {
  auto original = store::find_by_terminal_seq(ctx.tx, ctx.terminal.tid, ctx.terminal.seq_epoch, orig_seq);
  using namespace store::txn_state;
  if (!original || original->state == pending || original->state == declined) {
    return refusal(codes::original_not_found, "no payment or prepayment with this SEQ from this terminal");
  }
  if (original->state != succeeded || store::find_live_reversal(ctx.tx, original->txn_id) ||
      store::saf_exists(ctx.tx, original->txn_id, store::saf_purpose::reversal)) {
    return refusal(codes::already_reversed, "reversed, or its reversal is under way");
  }
  if (original->customer_no != customer_no || original->amount_fen != amount_fen) {
    return refusal(codes::original_mismatch, "customer or amount differs from the original");
  }
  if (original->business_date != business_date_number(ctx.now)) {
    return refusal(codes::reversal_closed, "the original is of another business date");
  }
  return std::move(*original);
}

// The original is reversed: its cash leaves the operator's cash in transit.
void mark_reversed(HandlerContext& ctx, store::BusinessTxn& original) {
  original.state = store::txn_state::reversed;
  settle(ctx, original, store::txn_state::succeeded);
}

}  // namespace

Prepared handle_reversal_prepare(HandlerContext& ctx) {
  const auto orig_seq = count_field(ctx.request, "orig_seq", 4294967295);
  const auto customer_no = identifier_field(ctx.request, "customer_no", 16);
  const auto amount = amount_field(ctx.request);
  if (!orig_seq || !customer_no || !amount) return reply(codes::format_error);
  auto checked = reversible_original(ctx, *orig_seq, *customer_no, *amount);
  if (auto* refusal = std::get_if<nlohmann::json>(&checked)) return *refusal;
  const auto& original = std::get<store::BusinessTxn>(checked);
  auto asked = ask(ctx, sg186::reversal({original.customer_no, original.sg186_serial, original.business_date,
                                          static_cast<std::uint64_t>(original.amount_fen), "终端冲正"}));
  auto t = new_business_txn(ctx, "0203", original.customer_no, original.amount_fen, false);
  t.orig_txn_id = original.txn_id;
  write_ahead(ctx, t, asked);
  return asked;
}

Prepared handle_reversal_finish(HandlerContext& ctx, const sg186::ExchangeResult& result) {
  auto t = pending_business_txn(ctx);
  auto original = *store::lock_business_txn(ctx.tx, *t.orig_txn_id);
  nlohmann::json body = reply(codes::success);
  const auto rsp = result.answer ? result.answer->header.rsp_code : std::string();
  if (result.succeeded()) {
    const auto decoded = sg186::decode_balance_response(result.answer->body);
    if (const auto* b = std::get_if<sg186::BalanceResponse>(&decoded)) t.charge_id = b->charge_id;
    t.state = store::txn_state::succeeded;
    put_receipt(ctx, t, "冲正凭证",
                {{"冲正金额", yuan(t.amount_fen)}, {"原收据号", original.receipt_no}, {"原流水号", original.sg186_serial}});
    body["charge_id"] = t.charge_id;
    body["receipt"] = receipt_json(t.receipt_no, t.receipt_lines);
    if (original.state == store::txn_state::succeeded) mark_reversed(ctx, original);
  } else if (result.kind == sg186::ResultKind::in_doubt) {
    // The terminal hears 98; the same request goes again until SG186 answers.
    t.state = store::txn_state::unknown;
    body = reply(codes::upstream_in_doubt);
    queue_resend(ctx.tx, ctx.settings, t);
  } else {
    t.state = store::txn_state::declined;
    body = upstream_failure(ctx, result, true);
    // 1017: SG186 has it reversed already (an earlier attempt of ours).
    if (rsp == sg186::rsp::already_reversed && original.state == store::txn_state::succeeded) mark_reversed(ctx, original);
  }
  t.sg186_code = rsp;
  return settled_answer(ctx, t, body);
}

}  // namespace mstation::txn
