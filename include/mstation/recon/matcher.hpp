#pragma once
// Matching a statement with the station's records of the same business date
// (docs/reconciliation.md). Inside the caller's transaction: the file's
// money lines are read once, checked, and copied into a temporary table;
// PostgreSQL joins them by serial with the station's side — business
// records of the date (payments, prepayments, card purchases, reversals)
// and the automatic reversals of its originals; each pair is judged
// (classify.hpp) as it streams back through a cursor. Nothing of the day is
// held in memory but the statement's bytes and the serials that differ.
#include <cstdint>
#include <functional>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "mstation/recon/classify.hpp"
#include "mstation/recon/report.hpp"
#include "mstation/recon/statement_download.hpp"

namespace mstation::recon {

// A record the statement decided, to be settled (settler.hpp).
struct Decision {
  Settle settle = Settle::none;
  std::string serial;
  StationSide station;
};

struct Match {
  Report report;  // counts, totals, items and open records; not yet settled nor stored
  std::vector<Decision> decisions;
};

// Throws ReconFailure (bad_file, contradicts_summary) when a line is
// malformed, a serial is listed twice, or the lines' totals disagree with
// the header and the 050 summary. `between_batches` runs before each batch
// of pairs (it may throw to stop: the daemon drains).
Match match_day(pqxx::transaction_base& tx, const Statement& statement, std::uint32_t date,
                const std::function<void()>& between_batches = {});

// After settling: judges `serials` again, as they now stand, in place of
// their first verdicts (counts, items, open records). Decisions are not
// taken again.
void rejudge(pqxx::transaction_base& tx, std::uint32_t date, std::vector<std::string> serials, Match& m);

// Net collected by the station (§5's definition): originals of the date in state succeeded.
Totals station_totals(pqxx::transaction_base& tx, std::uint32_t date);

}  // namespace mstation::recon
