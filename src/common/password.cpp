#include "mstation/common/password.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace mstation {
namespace {

constexpr std::size_t salt_size = 16;
constexpr std::size_t hash_size = 32;

Bytes derive(std::string_view password, const Bytes& salt, int iterations) {
  Bytes out(hash_size);
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(), static_cast<int>(salt.size()),
                        iterations, EVP_sha256(), static_cast<int>(out.size()), out.data()) != 1) {
    throw std::runtime_error("PBKDF2 failed in OpenSSL");
  }
  return out;
}

}  // namespace

PasswordHash hash_password(std::string_view password, int iterations) {
  PasswordHash result;
  result.salt.resize(salt_size);
  if (RAND_priv_bytes(result.salt.data(), static_cast<int>(result.salt.size())) != 1) {
    throw std::runtime_error("the OpenSSL CSPRNG failed");
  }
  result.iterations = iterations;
  result.hash = derive(password, result.salt, iterations);
  return result;
}

bool verify_password(std::string_view password, const PasswordHash& stored) {
  if (stored.iterations <= 0 || stored.hash.size() != hash_size) return false;
  const Bytes candidate = derive(password, stored.salt, stored.iterations);
  return CRYPTO_memcmp(candidate.data(), stored.hash.data(), hash_size) == 0;
}

}  // namespace mstation
