// 0002 SIGN_OFF (签退): voids the terminal's working keys and answers with the
// operator's totals for the business date.
#include "mstation/store/working_key_store.hpp"
#include "mstation/txn/business.hpp"

namespace mstation::txn {

nlohmann::json handle_sign_off(HandlerContext& ctx) {
  store::void_working_keys(ctx.tx, ctx.terminal.tid, ctx.now);
  auto body = reply(codes::success);
  body.update(operator_totals(ctx.tx, operator_of(ctx), business_date_number(ctx.now)));
  return body;
}

}  // namespace mstation::txn
