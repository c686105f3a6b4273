// 0205 RECEIPT_REPRINT (凭证补打), hhu-protocol.md §5: the stored receipt of a
// transaction of this terminal or this operator, under a 补打 banner.
#include "mstation/txn/business.hpp"
#include "mstation/txn/print_layout.hpp"

namespace mstation::txn {

nlohmann::json handle_receipt_reprint(HandlerContext& ctx) {
  const auto txn_id = count_field(ctx.request, "txn_id", std::numeric_limits<std::int64_t>::max());
  if (!txn_id) return reply(codes::format_error);
  const auto t = store::find_business_txn(ctx.tx, *txn_id);
  const bool ours = t && (t->request.tid == ctx.terminal.tid || t->operator_id == operator_of(ctx));
  if (!ours || t->receipt_no.empty() || t->receipt_lines.empty() || t->response_code != codes::success.code) {
    return refusal(codes::original_not_found, "no receipt with this txn_id for this terminal or operator");
  }
  auto body = reply(codes::success);
  body["txn_id"] = t->txn_id;
  auto lines = reprint_lines(t->receipt_lines, ctx.now);
  // A reversed payment's receipt must not pass for a valid one.
  if (t->state == store::txn_state::reversed) lines.insert(lines.begin() + 1, centred("*** 已冲正 作废 ***"));
  body["receipt"] = receipt_json(t->receipt_no, lines);
  return body;
}

}  // namespace mstation::txn
