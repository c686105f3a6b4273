#pragma once
// Storing a completed run (mstation.recon_run, recon_file, recon_item) in
// the run's transaction, with its journal row and one alert per discrepancy:
// none for a discrepancy whose alert is still open (a rerun does not alert
// twice), and past max_item_alerts one alert for the rest.
#include <cstdint>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "mstation/common/china_time.hpp"
#include "mstation/journal/entry.hpp"
#include "mstation/recon/report.hpp"
#include "mstation/recon/statement_download.hpp"

namespace mstation::recon {

constexpr std::size_t max_item_alerts = 100;

struct RunContext {
  std::string run_by;  // "cli:<os user>" or "daemon:<instance>"
  TimePoint started_at;
};

// Sets report.run_id.
void store_run(pqxx::transaction_base& tx, Report& report, const Statement& statement, const RunContext& context,
               std::vector<journal::Entry>& journal);

}  // namespace mstation::recon
