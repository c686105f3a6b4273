#pragma once
// SHA-256 on OpenSSL EVP: migration checksums and the journal's hash chains.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace mstation {

using Sha256Digest = std::array<std::uint8_t, 32>;

Sha256Digest sha256(std::span<const std::uint8_t> data);
Sha256Digest sha256(std::string_view data);
std::string sha256_hex(std::string_view data);

// Stored bytes as a digest: nothing unless they are exactly 32.
std::optional<Sha256Digest> digest_of(std::span<const std::uint8_t> bytes);

}  // namespace mstation
