#include "mstation/txn/handler.hpp"

#include "mstation/txn/business.hpp"

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
      {txns::bill_estimate, handle_bill_estimate},
      {txns::receipt_reprint, handle_receipt_reprint},
      {txns::collection_stats, handle_collection_stats},
      {txns::day_settlement, handle_day_settlement},
  };
  return table;
}

bool may_take_over(std::uint16_t txn) { return handlers().contains(txn) || find_upstream(txn) != nullptr; }

}  // namespace mstation::txn
