#pragma once
// Rows of mstation.saf_entry: SG186 requests that must be answered in the end
// (design.md §2). Queued in the commit that learns they are needed; claimed
// with a lease by the worker of any instance; resent byte for byte.
#include <chrono>
#include <cstdint>
#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

namespace mstation::store {

namespace saf_purpose {
inline constexpr const char* reversal = "reversal";  // an automatic 012 of an original in doubt or not written
inline constexpr const char* resend = "resend";      // the same request again (012, 041, 021 in doubt)
}  // namespace saf_purpose

struct SafEntry {
  std::int64_t saf_id = 0;
  std::int64_t txn_id = 0;
  std::string purpose;
  std::string sg186_txn;  // "012"
  std::string sg186_serial;
  std::string request;    // the exact bytes
  std::string state;
  int attempts = 0;
  std::int64_t age_s = 0;  // since it was queued
  bool alerted = false;
};

// Queues `e` to be first tried `delay` from now. False if an entry with the
// same (txn_id, purpose) exists: one reversal per original.
bool enqueue_saf(pqxx::transaction_base& tx, const SafEntry& e, std::chrono::seconds delay);

// Up to `limit` queued entries that are due and not leased, leased to
// `instance` for `lease`. Claims with FOR UPDATE SKIP LOCKED and commits
// the lease: no lock is held across the exchange.
std::vector<SafEntry> claim_saf(pqxx::transaction_base& tx, const std::string& instance, std::chrono::seconds lease,
                                int limit);

// After an attempt by `instance`: again in `delay` (the lease is released),
// or finished. False if the entry is no longer queued and leased to
// `instance` (its lease ran out and another took it): record nothing then.
bool reschedule_saf(pqxx::transaction_base& tx, std::int64_t saf_id, const std::string& instance,
                    const std::string& last_result, std::chrono::seconds delay);
bool finish_saf(pqxx::transaction_base& tx, std::int64_t saf_id, const std::string& instance,
                const std::string& last_result, bool manual);
// Finishes the entry of (txn_id, purpose) if it is still queued (its first
// attempt was made synchronously and answered).
void finish_saf_of(pqxx::transaction_base& tx, std::int64_t txn_id, const std::string& purpose,
                   const std::string& last_result, bool manual);
void mark_saf_alerted(pqxx::transaction_base& tx, std::int64_t saf_id);

// Whether `txn_id` has an entry of this purpose still queued.
bool saf_queued(pqxx::transaction_base& tx, std::int64_t txn_id, const std::string& purpose);
// Whether it has one at all (queued, done or manual).
bool saf_exists(pqxx::transaction_base& tx, std::int64_t txn_id, const std::string& purpose);

// The entry of (txn_id, purpose), locked FOR UPDATE, for ending it from
// outside the worker (reconciliation, ops): its id, state and whether a
// worker holds a lease on it right now.
struct SafLock {
  std::int64_t saf_id = 0;
  std::string state;
  bool leased = false;
  std::string serial;
};
std::optional<SafLock> lock_saf_of(pqxx::transaction_base& tx, std::int64_t txn_id, const std::string& purpose);
// The same without waiting: `busy` set (and nullopt) when another transaction holds the row.
std::optional<SafLock> try_lock_saf_of(pqxx::transaction_base& tx, std::int64_t txn_id, const std::string& purpose,
                                       bool& busy);
// Stops a queued or manual entry for good (ops decided): state abandoned,
// `why` as its last result; false if it was in neither state.
bool abandon_saf(pqxx::transaction_base& tx, std::int64_t saf_id, const std::string& why);
// Ends a queued entry (done, manual or abandoned) with `why` as its last
// result; false if it is no longer queued.
bool end_saf(pqxx::transaction_base& tx, std::int64_t saf_id, const std::string& state, const std::string& why);

// For `mstation saf list` and `txn show`: the entry as ops see it.
struct SafRow {
  std::int64_t saf_id = 0;
  std::int64_t txn_id = 0;
  std::string purpose;
  std::string sg186_txn;
  std::string sg186_serial;
  std::string state;
  int attempts = 0;
  std::string last_result;
  std::string created_at;       // ISO 8601, UTC+8
  std::string next_attempt_at;
  std::string finished_at;      // empty while queued
  std::string claimed_by;       // empty unless leased now
};
// Oldest first; `state` empty for every state; `txn_id` 0 for every transaction.
std::vector<SafRow> list_saf(pqxx::transaction_base& tx, const std::string& state, std::int64_t txn_id, int limit);
std::optional<SafRow> lock_saf(pqxx::transaction_base& tx, std::int64_t saf_id);
// manual or abandoned → queued, due now, its attempts counted afresh; false if not in those states.
bool requeue_saf(pqxx::transaction_base& tx, std::int64_t saf_id);

struct SafBacklog {
  std::int64_t queued = 0;
  std::int64_t manual = 0;
  std::int64_t oldest_queued_s = 0;
};
SafBacklog saf_backlog(pqxx::transaction_base& tx);

}  // namespace mstation::store
