#include "mstation/common/sha256.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <stdexcept>

#include "mstation/common/hex.hpp"

namespace mstation {

Sha256Digest sha256(std::span<const std::uint8_t> data) {
  Sha256Digest digest{};
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1 ||
      length != digest.size()) {
    throw std::runtime_error("SHA-256 failed in OpenSSL");
  }
  return digest;
}

Sha256Digest sha256(std::string_view data) {
  return sha256(std::span(reinterpret_cast<const std::uint8_t*>(data.data()), data.size()));
}

std::string sha256_hex(std::string_view data) { return to_hex(sha256(data)); }

std::optional<Sha256Digest> digest_of(std::span<const std::uint8_t> bytes) {
  Sha256Digest d{};
  if (bytes.size() != d.size()) return std::nullopt;
  std::copy(bytes.begin(), bytes.end(), d.begin());
  return d;
}

}  // namespace mstation
