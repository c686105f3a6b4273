#include "mstation/txn/masking.hpp"

#include <array>
#include <string_view>

namespace mstation::txn {
namespace {

bool is_secret_field(std::string_view name) {
  static constexpr std::array<std::string_view, 5> secret{"password", "new_password", "tdk", "tak", "tmk"};
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
