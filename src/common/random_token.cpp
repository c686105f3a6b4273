#include "mstation/common/random_token.hpp"

#include <openssl/rand.h>

#include <cctype>
#include <stdexcept>
#include <vector>

#include "mstation/common/hex.hpp"

namespace mstation {

std::string random_token_hex(std::size_t bytes) {
  Bytes raw(bytes);
  if (RAND_priv_bytes(raw.data(), static_cast<int>(raw.size())) != 1) {
    throw std::runtime_error("the random generator failed");
  }
  auto hex = to_hex(raw);  // upper case
  for (auto& c : hex) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return hex;
}

}  // namespace mstation
