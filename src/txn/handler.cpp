#include "mstation/txn/handler.hpp"

namespace mstation::txn {

nlohmann::json reply(const Code& code) { return {{"code", code.code}, {"message", code.message}}; }

std::optional<std::string> string_field(const nlohmann::json& request, const char* name) {
  const auto it = request.find(name);
  if (it == request.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

const std::map<std::uint16_t, Handler>& handlers() {
  static const std::map<std::uint16_t, Handler> table{
      {txns::sign_on, handle_sign_on},
      {txns::sign_off, handle_sign_off},
      {txns::echo, handle_echo},
  };
  return table;
}

bool may_take_over(std::uint16_t txn) {
  return txn == txns::sign_on || txn == txns::sign_off || txn == txns::echo;
}

}  // namespace mstation::txn
