#pragma once
// One reconciliation run of one business date (docs/reconciliation.md),
// blocking, for `mstation reconcile` and the daemon's nightly thread:
//
//   1. the date's advisory lock (one run per date across all instances);
//   2. the statement from SG186 (statement_download.hpp), journaled;
//   3. in one transaction: match (matcher.hpp), settle what the statement
//      decided (settler.hpp), store the run, its file and its items, alert
//      (run_store.hpp) — committed whole or not at all;
//   4. the report files (report_files.hpp).
//
// Exit status: 0 the books agree, 1 discrepancies (listed), 2 the run could
// not complete — nothing stored then. With `wait`, a statement not ready,
// SG186 unreachable or the date locked by another run are tried again with
// backoff until `give_up_at`, and giving up raises an alert.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "mstation/common/china_time.hpp"
#include "mstation/config/config.hpp"
#include "mstation/recon/report.hpp"

namespace mstation::recon {

constexpr int exit_agreed = 0;
constexpr int exit_discrepancies = 1;
constexpr int exit_incomplete = 2;

struct RunOptions {
  std::uint32_t date = 0;  // YYYYMMDD
  bool wait = false;
  TimePoint give_up_at{};
  std::string run_by;                                 // "cli:<os user>", "daemon:<instance>"
  std::function<void(const std::string&)> progress;   // a progress line, or nothing
  std::function<bool()> stopping;                     // true: stop waiting (the daemon drains)
  bool once_per_date = false;  // the nightly job: nothing to do if the date already has a run
};

struct RunOutcome {
  int exit_status = exit_incomplete;
  std::optional<Report> report;  // when the run completed
  std::string failure;           // why it did not
  bool already_done = false;     // once_per_date, and the date had a run (exit 0, no report)
  std::string warning;           // the run is stored, but its report files could not be written
};

// Never throws: every outcome is a RunOutcome.
RunOutcome reconcile(const config::Config& config, const RunOptions& options);

}  // namespace mstation::recon
