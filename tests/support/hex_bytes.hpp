#pragma once
// Hex test vectors as the specs print them (wrapped lines) into bytes.
#include <cctype>
#include <stdexcept>
#include <string>
#include <string_view>

#include "mstation/common/hex.hpp"

namespace mstation::test {

inline Bytes hex_bytes(std::string_view text) {
  std::string joined;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c))) joined.push_back(c);
  auto bytes = from_hex(joined);
  if (!bytes) throw std::invalid_argument("not hex: " + joined);
  return *bytes;
}

}  // namespace mstation::test
