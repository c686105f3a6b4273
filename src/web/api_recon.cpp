// GET /api/recon/runs and /api/recon/runs/ID: the reconciliation runs and
// one run's discrepancies, each with its transaction's state now (so the
// page shows what settling by hand has done since).
#include <fmt/format.h>

#include "api_handlers.hpp"
#include "mstation/store/timestamps.hpp"
#include "sql_json.hpp"

namespace mstation::web {
namespace {

std::string run_columns() {
  return "run_id, business_date, agency, " + store::iso_china_sql("started_at") + " AS started_at, " +
         store::iso_china_sql("finished_at") +
         " AS finished_at, run_by, result, station_count, station_amount_fen, sg186_count, sg186_amount_fen, "
         "matched, local_only, upstream_only, amount_mismatch, state_mismatch ";
}

}  // namespace

nlohmann::json recon_runs_json(pqxx::transaction_base& tx) {
  return {{"runs", rows_json(tx, "SELECT " + run_columns() + "FROM mstation.recon_run ORDER BY run_id DESC LIMIT 100")}};
}

nlohmann::json recon_run_json(pqxx::transaction_base& tx, std::int64_t run_id) {
  auto run = row_json(tx, "SELECT " + run_columns() + "FROM mstation.recon_run WHERE run_id = $1", run_id);
  if (run.is_null()) throw NotFound(fmt::format("no reconciliation run {}", run_id));
  auto items = rows_json(tx,
                         "SELECT i.serial, i.class, i.txn_id, i.customer_no, i.station_amount_fen, i.sg186_amount_fen, "
                         "i.station_state, i.sg186_status, i.sg186_txn_code, i.note, "
                         "(SELECT b.state FROM mstation.business_txn b WHERE b.txn_id = i.txn_id LIMIT 1) AS txn_state "
                         "FROM mstation.recon_item i WHERE i.run_id = $1 ORDER BY i.class, i.serial",
                         run_id);
  return {{"run", run}, {"items", items}};
}

}  // namespace mstation::web
