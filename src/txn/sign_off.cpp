// 0002 SIGN_OFF (签退): voids the terminal's working keys and answers with the
// operator's totals for the business date.
#include "mstation/store/working_key_store.hpp"
#include "mstation/txn/handler.hpp"

namespace mstation::txn {

nlohmann::json handle_sign_off(HandlerContext& ctx) {
  store::void_working_keys(ctx.tx, ctx.terminal.tid, ctx.now);
  auto body = reply(codes::success);
  // No money transaction exists yet; the totals come from the transaction
  // records once the business transactions are built (as 0206).
  body["date"] = business_date(ctx.now);
  body["count"] = 0;
  body["amount_fen"] = 0;
  body["reversed_count"] = 0;
  body["reversed_fen"] = 0;
  body["net_fen"] = 0;
  return body;
}

}  // namespace mstation::txn
