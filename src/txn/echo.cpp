// 0003 ECHO (链路测试): proves the link and the keys; returns the server time.
#include "mstation/txn/handler.hpp"

namespace mstation::txn {

nlohmann::json handle_echo(HandlerContext& ctx) {
  auto body = reply(codes::success);
  body["server_time"] = iso8601_china(ctx.now);
  return body;
}

}  // namespace mstation::txn
