#pragma once
// FNV-1a, 64 bits: a hash that is the same in every process, build and
// platform (std::hash is not), for choosing a terminal's writer lane and
// naming a prepared statement after its text. Not for anything an attacker
// could exploit by choosing collisions.
#include <cstdint>
#include <string_view>

namespace mstation {

constexpr std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t h = 14695981039346656037ULL;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace mstation
