#include "mstation/txn/masking.hpp"

#include <array>
#include <string_view>

namespace mstation::txn {
namespace {

bool is_secret_field(std::string_view name) {
  // write_data: what SG186 has the card written with — whoever holds it could load a card.
  static constexpr std::array<std::string_view, 6> secret{"password", "new_password", "tdk", "tak", "tmk",
                                                          "write_data"};
  for (auto s : secret)
    if (name == s) return true;
  return false;
}

}  // namespace

nlohmann::json mask_secrets(nlohmann::json message) {
  if (message.is_object()) {
    for (auto& [name, value] : message.items()) {
      value = is_secret_field(name) ? nlohmann::json("***") : mask_secrets(std::move(value));
    }
  } else if (message.is_array()) {
    for (auto& element : message) element = mask_secrets(std::move(element));
  }
  return message;
}

}  // namespace mstation::txn
