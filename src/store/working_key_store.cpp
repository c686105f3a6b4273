#include "mstation/store/working_key_store.hpp"

#include <pqxx/pqxx>

#include "mstation/store/bytea.hpp"
#include "mstation/store/prepared.hpp"
#include "mstation/store/timestamps.hpp"

namespace mstation::store {

const char* const working_key_columns =
    "tid, key_version, operator_id, tdk_wrapped, tak_wrapped, kek_id, "
    "(extract(epoch FROM issued_at) * 1e6)::bigint, (extract(epoch FROM expires_at) * 1e6)::bigint, "
    "(extract(epoch FROM superseded_at) * 1e6)::bigint, (extract(epoch FROM voided_at) * 1e6)::bigint, "
    "cipher_blocks";

WorkingKeyRecord working_key_from_row(const pqxx::row& row, int f) {
  WorkingKeyRecord k;
  k.tid = row[f + 0].as<std::string>();
  k.key_version = row[f + 1].as<int>();
  k.operator_id = row[f + 2].as<std::string>();
  k.tdk_sealed = bytes_of(row[f + 3]);
  k.tak_sealed = bytes_of(row[f + 4]);
  k.kek_id = row[f + 5].as<std::string>();
  k.issued_at = from_epoch_us(row[f + 6].as<std::int64_t>());
  k.expires_at = from_epoch_us(row[f + 7].as<std::int64_t>());
  k.superseded_at = optional_time(row[f + 8]);
  k.voided_at = optional_time(row[f + 9]);
  k.cipher_blocks = row[f + 10].as<std::int64_t>();
  return k;
}

std::optional<WorkingKeyRecord> find_working_key(pqxx::transaction_base& tx, const std::string& tid, int version) {
  const auto r = exec_prepared(
      tx,
      std::string("SELECT ") + working_key_columns + " FROM mstation.working_key WHERE tid = $1 AND key_version = $2",
      tid, version);
  if (r.empty()) return std::nullopt;
  return working_key_from_row(r[0], 0);
}

void store_working_key(pqxx::transaction_base& tx, const WorkingKeyRecord& k) {
  exec_prepared(
      tx,
      "INSERT INTO mstation.working_key (tid, key_version, operator_id, tdk_wrapped, tak_wrapped, kek_id, "
      "issued_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, "
      "timestamptz 'epoch' + $7 * interval '1 microsecond', timestamptz 'epoch' + $8 * interval '1 microsecond') "
      "ON CONFLICT (tid, key_version) DO UPDATE SET operator_id = EXCLUDED.operator_id, "
      "tdk_wrapped = EXCLUDED.tdk_wrapped, tak_wrapped = EXCLUDED.tak_wrapped, kek_id = EXCLUDED.kek_id, "
      "issued_at = EXCLUDED.issued_at, expires_at = EXCLUDED.expires_at, superseded_at = NULL, voided_at = NULL, "
      "cipher_blocks = 0",
      k.tid, k.key_version, k.operator_id, as_bytea(k.tdk_sealed), as_bytea(k.tak_sealed), k.kek_id,
      epoch_us(k.issued_at), epoch_us(k.expires_at));
}

void supersede_working_keys(pqxx::transaction_base& tx, const std::string& tid, int except_version, TimePoint at) {
  exec_prepared(tx,
                "UPDATE mstation.working_key SET superseded_at = timestamptz 'epoch' + $3 * interval '1 microsecond' "
                "WHERE tid = $1 AND key_version <> $2 AND superseded_at IS NULL",
                tid, except_version, epoch_us(at));
}

void void_working_keys(pqxx::transaction_base& tx, const std::string& tid, TimePoint at) {
  exec_prepared(tx,
                "UPDATE mstation.working_key SET voided_at = timestamptz 'epoch' + $2 * interval '1 microsecond' "
                "WHERE tid = $1 AND voided_at IS NULL",
                tid, epoch_us(at));
}

void add_cipher_blocks(pqxx::transaction_base& tx, const std::string& tid, int version, std::uint64_t blocks) {
  exec_prepared(
      tx, "UPDATE mstation.working_key SET cipher_blocks = cipher_blocks + $3 WHERE tid = $1 AND key_version = $2", tid,
      version, static_cast<std::int64_t>(blocks));
}

}  // namespace mstation::store
