#pragma once
// Operator passwords: salted PBKDF2-HMAC-SHA256, never stored or logged in clear.
#include <string_view>

#include "mstation/common/hex.hpp"

namespace mstation {

struct PasswordHash {
  Bytes hash;
  Bytes salt;
  int iterations = 0;
};

constexpr int default_pbkdf2_iterations = 100'000;

PasswordHash hash_password(std::string_view password, int iterations = default_pbkdf2_iterations);
// Constant-time comparison.
bool verify_password(std::string_view password, const PasswordHash& stored);

}  // namespace mstation
