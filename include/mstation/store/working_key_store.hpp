#pragma once
// Rows of mstation.working_key: the TDK/TAK bundles issued at sign-on.
#include <cstdint>
#include <optional>
#include <pqxx/row>
#include <pqxx/transaction_base>
#include <string>

#include "mstation/common/china_time.hpp"
#include "mstation/common/hex.hpp"

namespace mstation::store {

struct WorkingKeyRecord {
  std::string tid;
  int key_version = 0;
  std::string operator_id;
  Bytes tdk_sealed;
  Bytes tak_sealed;
  std::string kek_id;
  TimePoint issued_at;
  TimePoint expires_at;
  std::optional<TimePoint> superseded_at;
  std::optional<TimePoint> voided_at;
  std::int64_t cipher_blocks = 0;
};

// The columns of a WorkingKeyRecord, read by working_key_from_row from column `first` on.
extern const char* const working_key_columns;
WorkingKeyRecord working_key_from_row(const pqxx::row& row, int first);

std::optional<WorkingKeyRecord> find_working_key(pqxx::transaction_base& tx, const std::string& tid, int version);
// Inserts, replacing an old bundle of the same version (versions wrap 255 → 1).
void store_working_key(pqxx::transaction_base& tx, const WorkingKeyRecord& k);
// Marks the terminal's current bundles (other than `except_version`) superseded at `at`.
void supersede_working_keys(pqxx::transaction_base& tx, const std::string& tid, int except_version, TimePoint at);
// SIGN_OFF: every bundle of the terminal stops working.
void void_working_keys(pqxx::transaction_base& tx, const std::string& tid, TimePoint at);
void add_cipher_blocks(pqxx::transaction_base& tx, const std::string& tid, int version, std::uint64_t blocks);

}  // namespace mstation::store
