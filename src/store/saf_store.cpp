#include "mstation/store/saf_store.hpp"

#include <pqxx/pqxx>

#include "mstation/store/bytea.hpp"

namespace mstation::store {

bool enqueue_saf(pqxx::transaction_base& tx, const SafEntry& e, std::chrono::seconds delay) {
  return tx.exec_params(
               "INSERT INTO mstation.saf_entry (txn_id, purpose, sg186_txn, sg186_serial, request, next_attempt_at) "
               "VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6)) ON CONFLICT (txn_id, purpose) DO NOTHING",
               e.txn_id, e.purpose, e.sg186_txn, e.sg186_serial, as_bytea(to_bytes(e.request)),
               static_cast<double>(delay.count()))
             .affected_rows() == 1;
}

std::vector<SafEntry> claim_saf(pqxx::transaction_base& tx, const std::string& instance, std::chrono::seconds lease,
                                int limit) {
  const auto r = tx.exec_params(
      "UPDATE mstation.saf_entry s SET claimed_until = now() + make_interval(secs => $2), claimed_by = $1 "
      "FROM (SELECT saf_id FROM mstation.saf_entry WHERE state = 'queued' AND next_attempt_at <= now() "
      "      AND (claimed_until IS NULL OR claimed_until < now()) ORDER BY next_attempt_at LIMIT $3 "
      "      FOR UPDATE SKIP LOCKED) due "
      "WHERE s.saf_id = due.saf_id "
      "RETURNING s.saf_id, s.txn_id, s.purpose, s.sg186_txn, s.sg186_serial, s.request, s.state, s.attempts, "
      "  extract(epoch FROM now() - s.created_at)::bigint, s.alerted",
      instance, static_cast<double>(lease.count()), limit);
  std::vector<SafEntry> out;
  for (const auto& row : r) {
    SafEntry e;
    e.saf_id = row[0].as<std::int64_t>();
    e.txn_id = row[1].as<std::int64_t>();
    e.purpose = row[2].as<std::string>();
    e.sg186_txn = row[3].as<std::string>();
    e.sg186_serial = row[4].as<std::string>();
    const Bytes bytes = bytes_of(row[5]);
    e.request.assign(bytes.begin(), bytes.end());
    e.state = row[6].as<std::string>();
    e.attempts = row[7].as<int>();
    e.age_s = row[8].as<std::int64_t>();
    e.alerted = row[9].as<bool>();
    out.push_back(std::move(e));
  }
  return out;
}

bool reschedule_saf(pqxx::transaction_base& tx, std::int64_t saf_id, const std::string& instance,
                    const std::string& last_result, std::chrono::seconds delay) {
  return tx.exec_params(
               "UPDATE mstation.saf_entry SET attempts = attempts + 1, last_result = $2, claimed_until = NULL, "
               "claimed_by = NULL, next_attempt_at = now() + make_interval(secs => $3) "
               "WHERE saf_id = $1 AND state = 'queued' AND claimed_by = $4",
               saf_id, last_result, static_cast<double>(delay.count()), instance)
             .affected_rows() == 1;
}

bool finish_saf(pqxx::transaction_base& tx, std::int64_t saf_id, const std::string& instance,
                const std::string& last_result, bool manual) {
  return tx.exec_params(
               "UPDATE mstation.saf_entry SET attempts = attempts + 1, last_result = $2, state = $3, "
               "claimed_until = NULL, finished_at = now() WHERE saf_id = $1 AND state = 'queued' AND claimed_by = $4",
               saf_id, last_result, manual ? "manual" : "done", instance)
             .affected_rows() == 1;
}

void finish_saf_of(pqxx::transaction_base& tx, std::int64_t txn_id, const std::string& purpose,
                   const std::string& last_result, bool manual) {
  tx.exec_params(
      "UPDATE mstation.saf_entry SET attempts = attempts + 1, last_result = $3, state = $4, claimed_until = NULL, "
      "finished_at = now() WHERE txn_id = $1 AND purpose = $2 AND state = 'queued'",
      txn_id, purpose, last_result, manual ? "manual" : "done");
}

void mark_saf_alerted(pqxx::transaction_base& tx, std::int64_t saf_id) {
  tx.exec_params("UPDATE mstation.saf_entry SET alerted = true WHERE saf_id = $1", saf_id);
}

bool saf_queued(pqxx::transaction_base& tx, std::int64_t txn_id, const std::string& purpose) {
  return !tx.exec_params("SELECT 1 FROM mstation.saf_entry WHERE txn_id = $1 AND purpose = $2 AND state = 'queued'",
                         txn_id, purpose)
              .empty();
}

bool saf_exists(pqxx::transaction_base& tx, std::int64_t txn_id, const std::string& purpose) {
  return !tx.exec_params("SELECT 1 FROM mstation.saf_entry WHERE txn_id = $1 AND purpose = $2", txn_id, purpose)
              .empty();
}

SafBacklog saf_backlog(pqxx::transaction_base& tx) {
  const auto r = tx.exec1(
      "SELECT count(*) FILTER (WHERE state = 'queued'), count(*) FILTER (WHERE state = 'manual'), "
      "coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE state = 'queued'))::bigint, 0) "
      "FROM mstation.saf_entry");
  return {r[0].as<std::int64_t>(), r[1].as<std::int64_t>(), r[2].as<std::int64_t>()};
}

}  // namespace mstation::store
