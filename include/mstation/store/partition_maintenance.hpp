#pragma once
// The monthly partitions of the partitioned tables (journal, business_txn):
// what `mstation maintain` creates ahead and detaches past retention, and
// what the daemon watches (docs/operations.md, "Partitions and retention").
// Months are UTC+8 calendar months; `today` is a business date "YYYY-MM-DD".
#include <cstdint>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

namespace mstation::store {

// Every partitioned table of schema mstation, e.g. "business_txn", "journal".
std::vector<std::string> partitioned_tables(pqxx::transaction_base& tx);

struct EnsuredMonth {
  std::string table;
  std::string partition;    // e.g. journal_y2027m03
  bool created = false;     // false: it existed
  std::int64_t moved = 0;   // rows moved into it from the default partition
};

// Makes sure `table` has the months from today's to `months_ahead` after it,
// and every month that rows in its default partition belong to (those rows
// are moved into the month created for them).
std::vector<EnsuredMonth> ensure_months(pqxx::transaction_base& tx, const std::string& table,
                                        const std::string& today, int months_ahead);

// How many months after the month of `today` `table` has partitions for
// without a gap: with next month missing, later months do not count.
int future_months(pqxx::transaction_base& tx, const std::string& table, const std::string& today);

struct MonthPartition {
  std::string partition;
  std::string first_day;  // YYYY-MM-DD
};

// The month partitions of `table` whose whole month ends on or before the
// first day of the month `retention_months` before today's, oldest first.
std::vector<MonthPartition> partitions_past_retention(pqxx::transaction_base& tx, const std::string& table,
                                                      const std::string& today, int retention_months);

// How many rows of a business_txn month are not settled yet — pending,
// unknown, manual, with a store-and-forward entry not done (queued, or
// manual/abandoned that `saf retry` may queue again), or the original of a
// reversal still open: such a month stays attached, where the SAF worker
// and reconciliation find it.
std::int64_t open_transactions(pqxx::transaction_base& tx, const std::string& partition);

// Detaches the month (mstation.archive_month_partition): the rows stay in a
// table of their own, a journal month still append-only, readable by auditors.
void detach_partition(pqxx::transaction_base& tx, const std::string& table, const std::string& partition);

}  // namespace mstation::store
