#pragma once
// The journal's hash chain: row_hash = SHA-256(prev_hash || canonical row),
// where the canonical row is every stored field, in a fixed order, each as a
// 4-byte big-endian length and its bytes (0xFFFFFFFF for NULL). The first
// row of a chain has 32 zero bytes as prev_hash. `mstation audit verify`
// recomputes exactly this from the stored columns.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

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

// A row as the verifier reads it, without copies: every field as its text
// (numbers in decimal, as both PostgreSQL and std::to_string write them),
// nullopt for NULL; raw as bytes.
struct RowView {
  std::string_view chain;
  std::string_view position;
  std::string_view recorded_at_us;
  std::string_view kind;
  std::optional<std::string_view> exchange_id, peer, tid, seq, txn, code;
  std::optional<std::span<const std::uint8_t>> raw;
  std::optional<std::string_view> decoded, note;
};

// The one definition of the canonical row; keeps its digest context between
// rows (the verifier hashes millions).
class RowHasher {
 public:
  RowHasher();
  ~RowHasher();
  RowHasher(const RowHasher&) = delete;
  RowHasher& operator=(const RowHasher&) = delete;
  Sha256Digest hash(const Sha256Digest& prev, const RowView& row);

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

Sha256Digest row_hash(const Sha256Digest& prev, const std::string& chain, std::int64_t position,
                      std::int64_t recorded_at_us, const Entry& entry);

}  // namespace mstation::journal
