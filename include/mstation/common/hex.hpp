#pragma once
// Upper-case hexadecimal, as the protocol writes keys and KCVs.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mstation {

using Bytes = std::vector<std::uint8_t>;

std::string to_hex(std::span<const std::uint8_t> bytes);

// Accepts upper or lower case; whitespace is not allowed. nullopt on odd
// length or a non-hex character.
std::optional<Bytes> from_hex(std::string_view text);

// The same decoding into `out`, whose storage is reused (the audit decodes
// millions of values); false on odd length or a non-hex character.
bool from_hex_into(std::string_view text, Bytes& out);
// Exactly out.size() bytes (2 × out.size() digits) into `out`, e.g. a
// SecretBytes key, with no copy of its own; false otherwise.
bool from_hex_into(std::string_view text, std::span<std::uint8_t> out);

Bytes to_bytes(std::string_view text);

}  // namespace mstation
