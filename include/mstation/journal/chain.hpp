#pragma once
// The journal's hash chain: row_hash = SHA-256(prev_hash || canonical row),
// where the canonical row is every stored field, in a fixed order, each as a
// 4-byte big-endian length and its bytes (0xFFFFFFFF for NULL). The first
// row of a chain has 32 zero bytes as prev_hash. `mstation audit verify`
// recomputes exactly this from the stored columns.
#include <cstdint>
#include <string>

#include "mstation/common/china_time.hpp"
#include "mstation/common/sha256.hpp"
#include "mstation/journal/entry.hpp"

namespace mstation::journal {

struct ChainHead {
  std::int64_t position = 0;  // of the last row; 0 for an empty chain
  Sha256Digest hash{};        // of the last row; zeros for an empty chain
};

struct ChainedRow {
  std::string chain;
  std::int64_t position = 0;
  std::int64_t recorded_at_us = 0;
  Sha256Digest prev_hash{};
  Sha256Digest row_hash{};
};

Sha256Digest row_hash(const Sha256Digest& prev, const std::string& chain, std::int64_t position,
                      std::int64_t recorded_at_us, const Entry& entry);

}  // namespace mstation::journal
