#include "mstation/store/saf_store.hpp"

#include <pqxx/pqxx>

#include "mstation/store/bytea.hpp"
#include "mstation/store/prepared.hpp"
#include "mstation/store/timestamps.hpp"

namespace mstation::store {

bool enqueue_saf(pqxx::transaction_base& tx, const SafEntry& e, std::chrono::seconds delay) {
  return exec_prepared(
             tx,
             "INSERT INTO mstation.saf_entry (txn_id, purpose, sg186_txn, sg186_serial, request, next_attempt_at) "
             "VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6)) ON CONFLICT (txn_id, purpose) DO NOTHING",
             e.txn_id, e.purpose, e.sg186_txn, e.sg186_serial, as_bytea(to_bytes(e.request)),
             static_cast<double>(delay.count()))
             .affected_rows() == 1;
}

std::vector<SafEntry> claim_saf(pqxx::transaction_base& tx, const std::string& instance, std::chrono::seconds lease,
                                int limit) {
  const auto r = exec_prepared(
      tx,
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
  return exec_prepared(tx,
                       "UPDATE mstation.saf_entry SET attempts = attempts + 1, last_result = $2, claimed_until = NULL, "
                       "claimed_by = NULL, next_attempt_at = now() + make_interval(secs => $3) "
                       "WHERE saf_id = $1 AND state = 'queued' AND claimed_by = $4",
                       saf_id, last_result, static_cast<double>(delay.count()), instance)
             .affected_rows() == 1;
}

bool finish_saf(pqxx::transaction_base& tx, std::int64_t saf_id, const std::string& instance,
                const std::string& last_result, bool manual) {
  return exec_prepared(
             tx,
             "UPDATE mstation.saf_entry SET attempts = attempts + 1, last_result = $2, state = $3, "
             "claimed_until = NULL, finished_at = now() WHERE saf_id = $1 AND state = 'queued' AND claimed_by = $4",
             saf_id, last_result, manual ? "manual" : "done", instance)
             .affected_rows() == 1;
}

void finish_saf_of(pqxx::transaction_base& tx, std::int64_t txn_id, const std::string& purpose,
                   const std::string& last_result, bool manual) {
  exec_prepared(
      tx,
      "UPDATE mstation.saf_entry SET attempts = attempts + 1, last_result = $3, state = $4, claimed_until = NULL, "
      "finished_at = now() WHERE txn_id = $1 AND purpose = $2 AND state = 'queued'",
      txn_id, purpose, last_result, manual ? "manual" : "done");
}

void mark_saf_alerted(pqxx::transaction_base& tx, std::int64_t saf_id) {
  exec_prepared(tx, "UPDATE mstation.saf_entry SET alerted = true WHERE saf_id = $1", saf_id);
}

bool saf_queued(pqxx::transaction_base& tx, std::int64_t txn_id, const std::string& purpose) {
  return !exec_prepared(tx, "SELECT 1 FROM mstation.saf_entry WHERE txn_id = $1 AND purpose = $2 AND state = 'queued'",
                        txn_id, purpose)
              .empty();
}

bool saf_exists(pqxx::transaction_base& tx, std::int64_t txn_id, const std::string& purpose) {
  return !exec_prepared(tx, "SELECT 1 FROM mstation.saf_entry WHERE txn_id = $1 AND purpose = $2", txn_id, purpose)
              .empty();
}

namespace {

std::optional<SafLock> saf_lock(pqxx::transaction_base& tx, std::int64_t txn_id, const std::string& purpose,
                                const char* how) {
  const auto r = exec_prepared(
      tx,
      std::string("SELECT saf_id, state, coalesce(claimed_until > now(), false), sg186_serial FROM mstation.saf_entry "
                  "WHERE txn_id = $1 AND purpose = $2 ") +
          how,
      txn_id, purpose);
  if (r.empty()) return std::nullopt;
  return SafLock{r[0][0].as<std::int64_t>(), r[0][1].as<std::string>(), r[0][2].as<bool>(), r[0][3].as<std::string>()};
}

}  // namespace

std::optional<SafLock> lock_saf_of(pqxx::transaction_base& tx, std::int64_t txn_id, const std::string& purpose) {
  return saf_lock(tx, txn_id, purpose, "FOR UPDATE");
}

std::optional<SafLock> try_lock_saf_of(pqxx::transaction_base& tx, std::int64_t txn_id, const std::string& purpose,
                                       bool& busy) {
  auto locked = saf_lock(tx, txn_id, purpose, "FOR UPDATE SKIP LOCKED");
  busy = !locked && saf_exists(tx, txn_id, purpose);
  return locked;
}

bool abandon_saf(pqxx::transaction_base& tx, std::int64_t saf_id, const std::string& why) {
  return exec_prepared(tx,
                       "UPDATE mstation.saf_entry SET state = 'abandoned', last_result = $2, claimed_until = NULL, "
                       "claimed_by = NULL, finished_at = coalesce(finished_at, now()) "
                       "WHERE saf_id = $1 AND state IN ('queued', 'manual')",
                       saf_id, why)
             .affected_rows() == 1;
}

bool end_saf(pqxx::transaction_base& tx, std::int64_t saf_id, const std::string& state, const std::string& why) {
  return exec_prepared(
             tx,
             "UPDATE mstation.saf_entry SET state = $2, last_result = $3, claimed_until = NULL, claimed_by = NULL, "
             "finished_at = now() WHERE saf_id = $1 AND state = 'queued'",
             saf_id, state, why)
             .affected_rows() == 1;
}

namespace {

const std::string& saf_columns() {
  static const std::string c =
      "saf_id, txn_id, purpose, sg186_txn, sg186_serial, state, attempts, coalesce(last_result, ''), " +
      iso_china_sql("created_at") + ", " + iso_china_sql("next_attempt_at") + ", coalesce(" +
      iso_china_sql("finished_at") + ", ''), CASE WHEN claimed_until > now() THEN coalesce(claimed_by, '') ELSE '' END";
  return c;
}

SafRow saf_row(const pqxx::row& r) {
  return {r[0].as<std::int64_t>(), r[1].as<std::int64_t>(), r[2].as<std::string>(), r[3].as<std::string>(),
          r[4].as<std::string>(),  r[5].as<std::string>(),  r[6].as<int>(),         r[7].as<std::string>(),
          r[8].as<std::string>(),  r[9].as<std::string>(),  r[10].as<std::string>(), r[11].as<std::string>()};
}

}  // namespace

std::vector<SafRow> list_saf(pqxx::transaction_base& tx, const std::string& state, std::int64_t txn_id, int limit) {
  const auto r = exec_prepared(tx,
                               "SELECT " + saf_columns() +
                                   " FROM mstation.saf_entry WHERE ($1 = '' OR state = $1) AND ($2 = 0 OR txn_id = $2) "
                                   "ORDER BY saf_id LIMIT $3",
                               state, txn_id, limit);
  std::vector<SafRow> out;
  for (const auto& row : r) out.push_back(saf_row(row));
  return out;
}

std::optional<SafRow> lock_saf(pqxx::transaction_base& tx, std::int64_t saf_id) {
  const auto r =
      exec_prepared(tx, "SELECT " + saf_columns() + " FROM mstation.saf_entry WHERE saf_id = $1 FOR UPDATE", saf_id);
  if (r.empty()) return std::nullopt;
  return saf_row(r[0]);
}

bool requeue_saf(pqxx::transaction_base& tx, std::int64_t saf_id) {
  return exec_prepared(tx,
                       "UPDATE mstation.saf_entry SET state = 'queued', attempts = 0, next_attempt_at = now(), "
                       "claimed_until = NULL, claimed_by = NULL, finished_at = NULL, alerted = false "
                       "WHERE saf_id = $1 AND state IN ('manual', 'abandoned')",
                       saf_id)
             .affected_rows() == 1;
}

SafBacklog saf_backlog(pqxx::transaction_base& tx) {
  const auto r =
      exec_prepared1(tx,
                     "SELECT count(*) FILTER (WHERE state = 'queued'), count(*) FILTER (WHERE state = 'manual'), "
                     "coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE state = 'queued'))::bigint, 0) "
                     "FROM mstation.saf_entry");
  return {r[0].as<std::int64_t>(), r[1].as<std::int64_t>(), r[2].as<std::int64_t>()};
}

}  // namespace mstation::store
