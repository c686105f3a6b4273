#include "mstation/store/request_store.hpp"

#include <algorithm>
#include <pqxx/pqxx>

#include "mstation/store/bytea.hpp"
#include "mstation/store/prepared.hpp"

namespace mstation::store {

const char* const request_columns =
    "request_sha256, state = 'answered', response_frame, coalesce(response_code, '')";

RequestRecord request_from_row(const pqxx::row& row, int f) {
  RequestRecord record;
  const Bytes stored_digest = bytes_of(row[f + 0]);
  if (stored_digest.size() == record.request_sha256.size()) {
    std::copy(stored_digest.begin(), stored_digest.end(), record.request_sha256.begin());
  }
  record.answered = row[f + 1].as<bool>();
  if (!row[f + 2].is_null()) record.response_frame = bytes_of(row[f + 2]);
  record.response_code = row[f + 3].as<std::string>();
  return record;
}

std::optional<RequestRecord> find_request(pqxx::transaction_base& tx, const std::string& tid, std::uint32_t seq,
                                          const Sha256Digest& digest) {
  const auto r =
      exec_prepared(tx,
                    std::string("SELECT ") + request_columns +
                        " FROM mstation.terminal_request WHERE tid = $1 AND seq = $2 AND request_sha256 = $3 "
                        "ORDER BY seq_epoch DESC LIMIT 1",
                    tid, static_cast<std::int64_t>(seq), as_bytea(digest));
  if (r.empty()) return std::nullopt;
  return request_from_row(r[0], 0);
}

bool reserve_request(pqxx::transaction_base& tx, const RequestKey& key, const std::string& txn,
                     const Sha256Digest& request_sha256, const std::string& instance) {
  return exec_prepared(tx,
                       "INSERT INTO mstation.terminal_request (tid, seq_epoch, seq, txn, request_sha256, instance) "
                       "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                       key.tid, key.seq_epoch, static_cast<std::int64_t>(key.seq), txn, as_bytea(request_sha256),
                       instance)
             .affected_rows() == 1;
}

bool take_seq(pqxx::transaction_base& tx, const RequestKey& key, const std::string& txn,
              const Sha256Digest& request_sha256, const std::string& instance, int key_version, std::uint64_t blocks) {
  static const std::string take =
      "WITH advanced AS ("
      "  UPDATE mstation.terminal SET highest_seq = $3 WHERE tid = $1 AND seq_epoch = $2 AND highest_seq < $3 "
      "  RETURNING tid), "
      "reserved AS ("
      "  INSERT INTO mstation.terminal_request (tid, seq_epoch, seq, txn, request_sha256, instance) "
      "  SELECT $1, $2, $3, $4, $5, $6 FROM advanced ON CONFLICT DO NOTHING RETURNING tid) ";
  const auto seq = static_cast<std::int64_t>(key.seq);
  if (key_version == 0) {  // KVER 00: no working key counts blocks
    return exec_prepared(tx, take + "SELECT count(*) FROM reserved", key.tid, key.seq_epoch, seq, txn,
                         as_bytea(request_sha256), instance)[0][0]
               .as<std::int64_t>() == 1;
  }
  return exec_prepared(tx,
                       take +
                           ", counted AS ("
                           "  UPDATE mstation.working_key SET cipher_blocks = cipher_blocks + $8 "
                           "  WHERE tid = $1 AND key_version = $7 AND EXISTS (SELECT 1 FROM reserved) RETURNING tid) "
                           "SELECT (SELECT count(*) FROM reserved), (SELECT count(*) FROM counted)",
                       key.tid, key.seq_epoch, seq, txn, as_bytea(request_sha256), instance, key_version,
                       static_cast<std::int64_t>(blocks))[0][0]
             .as<std::int64_t>() == 1;
}

void lock_request(pqxx::transaction_base& tx, const RequestKey& key) {
  exec_prepared(tx, "SELECT 1 FROM mstation.terminal_request WHERE tid = $1 AND seq_epoch = $2 AND seq = $3 FOR UPDATE",
                key.tid, key.seq_epoch, static_cast<std::int64_t>(key.seq));
}

bool answer_request(pqxx::transaction_base& tx, const RequestKey& key, const Bytes& response_frame,
                    const std::string& code) {
  return exec_prepared(
             tx,
             "UPDATE mstation.terminal_request SET state = 'answered', response_frame = $4, response_code = $5, "
             "answered_at = now() WHERE tid = $1 AND seq_epoch = $2 AND seq = $3 AND state = 'in_progress'",
             key.tid, key.seq_epoch, static_cast<std::int64_t>(key.seq), as_bytea(response_frame), code)
             .affected_rows() == 1;
}

}  // namespace mstation::store
