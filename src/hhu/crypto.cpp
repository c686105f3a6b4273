#include "mstation/hhu/crypto.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace mstation::hhu {
namespace {

struct CipherContextFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
struct MacFree {
  void operator()(EVP_MAC* m) const { EVP_MAC_free(m); }
};
struct MacContextFree {
  void operator()(EVP_MAC_CTX* c) const { EVP_MAC_CTX_free(c); }
};

enum class Mode { cbc, ecb };

const EVP_CIPHER* cipher_for(Suite suite, Mode mode) {
  if (suite == Suite::tdea) return mode == Mode::cbc ? EVP_des_ede3_cbc() : EVP_des_ede3_ecb();
  return mode == Mode::cbc ? EVP_aes_128_cbc() : EVP_aes_128_ecb();
}

void check_key(Suite suite, std::span<const std::uint8_t> key) {
  if (key.size() != key_size(suite)) throw std::invalid_argument("key of the wrong size for the suite");
}

// One EVP pass. nullopt if OpenSSL refuses (bad padding on decrypt).
std::optional<Bytes> run_cipher(Suite suite, Mode mode, std::span<const std::uint8_t> key, const std::uint8_t* iv,
                                std::span<const std::uint8_t> input, bool encrypt, bool padding) {
  check_key(suite, key);
  std::unique_ptr<EVP_CIPHER_CTX, CipherContextFree> ctx(EVP_CIPHER_CTX_new());
  if (!ctx || EVP_CipherInit_ex(ctx.get(), cipher_for(suite, mode), nullptr, key.data(), iv, encrypt ? 1 : 0) != 1) {
    throw std::runtime_error(std::string("OpenSSL cannot initialise ") + suite_name(suite));
  }
  EVP_CIPHER_CTX_set_padding(ctx.get(), padding ? 1 : 0);
  Bytes out(input.size() + block_size(suite));
  int written = 0;
  int final_written = 0;
  if (EVP_CipherUpdate(ctx.get(), out.data(), &written, input.data(), static_cast<int>(input.size())) != 1 ||
      EVP_CipherFinal_ex(ctx.get(), out.data() + written, &final_written) != 1) {
    return std::nullopt;
  }
  out.resize(static_cast<std::size_t>(written + final_written));
  return out;
}

Bytes ecb(Suite suite, std::span<const std::uint8_t> key, std::span<const std::uint8_t> input, bool encrypt) {
  auto out = run_cipher(suite, Mode::ecb, key, nullptr, input, encrypt, false);
  if (!out) throw std::invalid_argument("ECB input is not a whole number of blocks");
  return std::move(*out);
}

Mac tdea_mac(std::span<const std::uint8_t> key, std::span<const std::uint8_t> data) {
  // ISO/IEC 9797-1 padding method 2: 80 then 00 to a multiple of 8.
  Bytes padded(data.begin(), data.end());
  padded.push_back(0x80);
  while (padded.size() % 8 != 0) padded.push_back(0x00);
  const std::array<std::uint8_t, 8> zero_iv{};
  const auto cbc = run_cipher(Suite::tdea, Mode::cbc, key, zero_iv.data(), padded, true, false);
  Mac mac{};
  std::copy(cbc->end() - 8, cbc->end(), mac.begin());
  return mac;
}

Mac aes_cmac(std::span<const std::uint8_t> key, std::span<const std::uint8_t> data) {
  check_key(Suite::aes, key);
  std::unique_ptr<EVP_MAC, MacFree> mac(EVP_MAC_fetch(nullptr, "CMAC", nullptr));
  if (!mac) throw std::runtime_error("OpenSSL has no CMAC");
  std::unique_ptr<EVP_MAC_CTX, MacContextFree> ctx(EVP_MAC_CTX_new(mac.get()));
  char cipher_name[] = "AES-128-CBC";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, cipher_name, 0),
                               OSSL_PARAM_construct_end()};
  std::array<std::uint8_t, 16> full{};
  std::size_t length = 0;
  if (!ctx || EVP_MAC_init(ctx.get(), key.data(), key.size(), params) != 1 ||
      EVP_MAC_update(ctx.get(), data.data(), data.size()) != 1 ||
      EVP_MAC_final(ctx.get(), full.data(), &length, full.size()) != 1 || length != full.size()) {
    throw std::runtime_error("AES-CMAC failed in OpenSSL");
  }
  Mac out{};
  std::copy_n(full.begin(), out.size(), out.begin());
  return out;
}

SecretBytes xor_variant(std::span<const std::uint8_t> key, std::uint8_t mask) {
  SecretBytes out(key.begin(), key.end());
  for (auto& b : out) b ^= mask;
  return out;
}

void set_odd_parity(SecretBytes& key) {
  for (auto& b : key) {
    const int ones = __builtin_popcount(static_cast<unsigned>(b & 0xFE));
    b = static_cast<std::uint8_t>((b & 0xFE) | (ones % 2 == 0 ? 1 : 0));
  }
}

bool tdea_parts_distinct(const SecretBytes& key) {
  const auto part = [&](std::size_t i) { return std::span(key).subspan(i * 8, 8); };
  const auto equal = [](std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
    return std::equal(a.begin(), a.end(), b.begin());
  };
  return !equal(part(0), part(1)) && !equal(part(1), part(2)) && !equal(part(0), part(2));
}

}  // namespace

std::optional<Suite> suite_from_byte(std::uint8_t value) {
  if (value == 0x01) return Suite::tdea;
  if (value == 0x02) return Suite::aes;
  return std::nullopt;
}

std::optional<Suite> suite_from_name(std::string_view name) {
  if (name == "tdea") return Suite::tdea;
  if (name == "aes") return Suite::aes;
  return std::nullopt;
}

const char* suite_name(Suite suite) { return suite == Suite::tdea ? "tdea" : "aes"; }
std::size_t key_size(Suite suite) { return suite == Suite::tdea ? 24 : 16; }
std::size_t block_size(Suite suite) { return suite == Suite::tdea ? 8 : 16; }

Bytes encrypt_payload(Suite suite, std::span<const std::uint8_t> key, const Iv& iv,
                      std::span<const std::uint8_t> plaintext) {
  return *run_cipher(suite, Mode::cbc, key, iv.data(), plaintext, true, true);
}

std::optional<Bytes> decrypt_payload(Suite suite, std::span<const std::uint8_t> key, const Iv& iv,
                                     std::span<const std::uint8_t> ciphertext) {
  if (ciphertext.empty() || ciphertext.size() % block_size(suite) != 0) return std::nullopt;
  return run_cipher(suite, Mode::cbc, key, iv.data(), ciphertext, false, true);
}

Mac compute_mac(Suite suite, std::span<const std::uint8_t> key, std::span<const std::uint8_t> data) {
  return suite == Suite::tdea ? tdea_mac(key, data) : aes_cmac(key, data);
}

bool verify_mac(Suite suite, std::span<const std::uint8_t> key, std::span<const std::uint8_t> data,
                std::span<const std::uint8_t> mac) {
  if (mac.size() != 8) return false;
  const Mac expected = compute_mac(suite, key, data);
  return CRYPTO_memcmp(expected.data(), mac.data(), expected.size()) == 0;
}

std::string key_check_value(Suite suite, std::span<const std::uint8_t> key) {
  const Bytes zeros(block_size(suite), 0);
  const Bytes encrypted = ecb(suite, key, zeros, true);
  return to_hex(std::span(encrypted).first(3));
}

Bytes wrap_key(Suite suite, std::span<const std::uint8_t> tmk, std::span<const std::uint8_t> key) {
  check_key(suite, key);
  return ecb(suite, tmk, key, true);
}

SecretBytes unwrap_key(Suite suite, std::span<const std::uint8_t> tmk, std::span<const std::uint8_t> wrapped) {
  check_key(suite, wrapped);
  Bytes clear = ecb(suite, tmk, wrapped, false);
  SecretBytes out(clear.begin(), clear.end());
  cleanse(clear.data(), clear.size());
  return out;
}

SecretBytes master_encryption_key(std::span<const std::uint8_t> tmk) { return xor_variant(tmk, 0x0F); }
SecretBytes master_mac_key(std::span<const std::uint8_t> tmk) { return xor_variant(tmk, 0xF0); }

void random_bytes(std::span<std::uint8_t> out) {
  if (RAND_priv_bytes(out.data(), static_cast<int>(out.size())) != 1) {
    throw std::runtime_error("the OpenSSL CSPRNG failed");
  }
}

SecretBytes generate_key(Suite suite) {
  SecretBytes key(key_size(suite));
  do {
    random_bytes(key);
    if (suite == Suite::tdea) set_odd_parity(key);
  } while (suite == Suite::tdea && !tdea_parts_distinct(key));
  return key;
}

Iv random_iv(Suite suite) {
  Iv iv{};
  random_bytes(std::span(iv).first(block_size(suite)));
  return iv;
}

std::uint64_t cipher_blocks(Suite suite, std::size_t mac_input_bytes, std::size_t ciphertext_bytes) {
  const std::size_t block = block_size(suite);
  return mac_input_bytes / block + 1 + ciphertext_bytes / block;
}

bool self_test(std::string& failure) {
  try {
    // hhu-protocol.md §7: the TMK's KCV, the KVER 00 variant and MAC(TAK, "abc").
    const auto tmk = *from_hex("0123456789ABCDEFFEDCBA98765432100011223344556677");
    const auto tak = *from_hex("FEDCBA98765432100123456789ABCDEF8899AABBCCDDEEFF");
    const Bytes abc{'a', 'b', 'c'};
    if (key_check_value(Suite::tdea, tmk) != "CBE6A7") failure = "TDEA key check value";
    else if (to_hex(compute_mac(Suite::tdea, tak, abc)) != "480F5311350F30C1") failure = "TDEA MAC";
    else if (key_check_value(Suite::aes, *from_hex("2B7E151628AED2A6ABF7158809CF4F3C")) != "7DF76B")
      failure = "AES key check value";
    else return true;
  } catch (const std::exception& e) {
    failure = e.what();
  }
  return false;
}

}  // namespace mstation::hhu
