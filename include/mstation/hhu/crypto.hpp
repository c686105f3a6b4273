#pragma once
// HHU/1 cryptography (hhu-protocol.md §3) on OpenSSL 3 EVP.
//   SUITE 01: 3-key TDEA-CBC; MAC = ISO/IEC 9797-1 algorithm 1 (TDEA,
//             padding method 2, zero IV, last block); KCV and key wrap in ECB.
//   SUITE 02: AES-128-CBC; MAC = AES-CMAC truncated to 8 bytes; KCV, wrap in ECB.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "mstation/common/hex.hpp"
#include "mstation/common/secret.hpp"

namespace mstation::hhu {

enum class Suite : std::uint8_t { tdea = 0x01, aes = 0x02 };

std::optional<Suite> suite_from_byte(std::uint8_t value);
std::optional<Suite> suite_from_name(std::string_view name);  // "tdea" | "aes"
const char* suite_name(Suite suite);
std::size_t key_size(Suite suite);    // 24 | 16
std::size_t block_size(Suite suite);  // 8 | 16

using Mac = std::array<std::uint8_t, 8>;
using Iv = std::array<std::uint8_t, 16>;  // the frame's IV field; SUITE 01 uses the first 8

// CBC with PKCS#7 padding.
Bytes encrypt_payload(Suite suite, std::span<const std::uint8_t> key, const Iv& iv,
                      std::span<const std::uint8_t> plaintext);
// nullopt when the length is not a whole number of blocks or the padding is bad.
std::optional<Bytes> decrypt_payload(Suite suite, std::span<const std::uint8_t> key, const Iv& iv,
                                     std::span<const std::uint8_t> ciphertext);

Mac compute_mac(Suite suite, std::span<const std::uint8_t> key, std::span<const std::uint8_t> data);
// Constant time.
bool verify_mac(Suite suite, std::span<const std::uint8_t> key, std::span<const std::uint8_t> data,
                std::span<const std::uint8_t> mac);

std::string key_check_value(Suite suite, std::span<const std::uint8_t> key);  // e.g. "CBE6A7"

Bytes wrap_key(Suite suite, std::span<const std::uint8_t> tmk, std::span<const std::uint8_t> key);
SecretBytes unwrap_key(Suite suite, std::span<const std::uint8_t> tmk, std::span<const std::uint8_t> wrapped);

// KVER 00 keys: every byte of the TMK XOR 0F (encryption) or XOR F0 (MAC).
SecretBytes master_encryption_key(std::span<const std::uint8_t> tmk);
SecretBytes master_mac_key(std::span<const std::uint8_t> tmk);

// A fresh key from the CSPRNG; TDEA keys get odd parity and three distinct parts.
SecretBytes generate_key(Suite suite);
void random_bytes(std::span<std::uint8_t> out);
Iv random_iv(Suite suite);  // SUITE 01: 8 random bytes then 8 zero bytes

// Cipher blocks a payload of this many bytes costs under SUITE 01's key
// limit: MAC blocks plus encryption blocks.
std::uint64_t cipher_blocks(Suite suite, std::size_t mac_input_bytes, std::size_t ciphertext_bytes);

// Runs the spec's test vectors; false if DES-EDE3 or AES is unavailable or
// wrong in this OpenSSL. The daemon refuses to start then.
bool self_test(std::string& failure);

}  // namespace mstation::hhu
