#pragma once
// Anchors of the journal outside the database (docs/auditing.md): for every
// chain, its head (position, row_hash), its row count and the head's time,
// signed with HMAC-SHA256 under a key that lives in a file beside the
// configuration (`audit.checkpoint_key_file`, mode 0600), never in
// PostgreSQL. Whoever rewrites a chain and recomputes every hash — the
// database owner included — cannot make a checkpoint taken before agree
// with it without that key.
//
// The file is JSON: {"format": "mstation-checkpoint-1", "instance", "taken_at",
// "chains": [{"chain", "position", "head_hash", "rows", "head_recorded_at"}],
// "hmac"}, the HMAC over the compact dump of everything but "hmac" (keys
// sorted, so the text is canonical). A retention boundary (written by
// `mstation maintain` before it detaches a journal month) also has
// "kind": "retention_boundary" and "partition": its anchors are each chain's
// last row in that month, whose rows leave the live journal.
#include <cstdint>
#include <filesystem>
#include <pqxx/transaction_base>
#include <stdexcept>
#include <string>
#include <vector>

#include "mstation/common/secret.hpp"
#include "mstation/common/sha256.hpp"

namespace mstation::audit {

struct ChainAnchor {
  std::string chain;
  std::int64_t position = 0;
  Sha256Digest head_hash{};
  std::int64_t rows = 0;
  std::string head_recorded_at;  // ISO 8601, UTC+8
};

struct Checkpoint {
  std::string instance;
  std::string taken_at;  // ISO 8601, UTC+8
  std::vector<ChainAnchor> chains;
  std::string partition;  // empty for heads; the detached month for a retention boundary
  bool retention_boundary() const { return !partition.empty(); }
};

// A checkpoint file that cannot be trusted: unreadable, malformed, or its
// HMAC does not match (altered, or signed with another key).
struct CheckpointRejected : std::runtime_error {
  using std::runtime_error::runtime_error;
};

constexpr std::size_t checkpoint_key_size = 32;

// `mstation keys init`: a new random key, mode 0600; refuses to overwrite.
void create_checkpoint_key(const std::filesystem::path& file);
SecretBytes load_checkpoint_key(const std::filesystem::path& file);

// The head of every chain, read in the caller's transaction (REPEATABLE READ
// for one snapshot across chains).
Checkpoint take_checkpoint(pqxx::transaction_base& tx, const std::string& instance);

// Each chain's last row in journal partition `partition` (e.g. journal_y2026m01),
// the boundary `audit verify --checkpoint` starts from once it is detached.
Checkpoint take_retention_boundary(pqxx::transaction_base& tx, const std::string& instance,
                                   const std::string& partition);

std::string signed_checkpoint(const Checkpoint& checkpoint, const SecretBytes& key);
// Throws CheckpointRejected.
Checkpoint read_checkpoint(const std::filesystem::path& file, const SecretBytes& key);
// Written to a temporary file, fsynced, renamed into place: never half a file.
void write_checkpoint(const std::filesystem::path& file, const std::string& text);

}  // namespace mstation::audit
