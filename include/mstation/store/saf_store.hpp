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

struct SafBacklog {
  std::int64_t queued = 0;
  std::int64_t manual = 0;
  std::int64_t oldest_queued_s = 0;
};
SafBacklog saf_backlog(pqxx::transaction_base& tx);

}  // namespace mstation::store
