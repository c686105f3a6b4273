// GET /api/overview: the day at a glance — collections by hour, per
// operator collected / reversed / in transit, what is in doubt, the SAF
// queue, open alerts and the last reconciliation. Collections follow the
// rule of 0206 COLLECTION_STATS: money transactions (0202, 0204, 0401) the
// terminal was told succeeded; reversed is those of them reversed since.
#include "api_handlers.hpp"
#include "mstation/store/timestamps.hpp"
#include "sql_json.hpp"

namespace mstation::web {
namespace {

using nlohmann::json;

constexpr const char* collected = "b.txn IN ('0202', '0204', '0401') AND b.response_code = '00'";
// Scope: $2 is the office's station, or NULL for every station.
constexpr const char* in_scope = "($2::text IS NULL OR t.station = $2)";

std::string business_date_of(pqxx::transaction_base& tx, const Params& query) {
  if (auto date = iso_date_param(query, "date")) return *date;
  return tx.exec("SELECT mstation.business_date(now())::text")[0][0].as<std::string>();
}

json hours(pqxx::transaction_base& tx, const std::string& date, const std::optional<std::string>& station) {
  auto rows = rows_json(tx,
                        std::string("SELECT extract(hour FROM b.created_at AT TIME ZONE 'Asia/Shanghai')::int AS hour, "
                                    "count(*) AS count, sum(b.amount_fen) AS amount_fen "
                                    "FROM mstation.business_txn b JOIN mstation.terminal t ON t.tid = b.tid "
                                    "WHERE b.business_date = $1::date AND ") +
                            collected + " AND " + in_scope + " GROUP BY 1",
                        date, station);
  json out = json::array();
  for (int h = 0; h < 24; ++h) out.push_back({{"hour", h}, {"count", 0}, {"amount_fen", 0}});
  for (const auto& r : rows) out[r["hour"].get<std::size_t>() % 24] = r;
  return out;
}

json operators(pqxx::transaction_base& tx, const std::string& date, const std::optional<std::string>& station) {
  return rows_json(tx,
                   std::string("SELECT b.operator_id, coalesce(o.name, '') AS name, t.station, "
                               "count(*) AS collected_count, sum(b.amount_fen) AS collected_fen, "
                               "count(*) FILTER (WHERE b.state = 'reversed') AS reversed_count, "
                               "coalesce(sum(b.amount_fen) FILTER (WHERE b.state = 'reversed'), 0) AS reversed_fen, "
                               "coalesce(max(c.in_transit_fen), 0) AS in_transit_fen "
                               "FROM mstation.business_txn b JOIN mstation.terminal t ON t.tid = b.tid "
                               "LEFT JOIN mstation.operator o ON o.operator_id = b.operator_id "
                               "LEFT JOIN mstation.operator_cash c ON c.operator_id = b.operator_id "
                               "WHERE b.business_date = $1::date AND ") +
                       collected + " AND " + in_scope + " GROUP BY b.operator_id, o.name, t.station ORDER BY 1",
                   date, station);
}

json last_recon(pqxx::transaction_base& tx) {
  return row_json(tx, "SELECT run_id, business_date, result, " + store::iso_china_sql("finished_at") +
                          " AS finished_at, matched, local_only, upstream_only, amount_mismatch, state_mismatch "
                          "FROM mstation.recon_run ORDER BY run_id DESC LIMIT 1");
}

}  // namespace

json overview_json(pqxx::transaction_base& tx, const Viewer& viewer, const Params& query) {
  const auto date = business_date_of(tx, query);
  const auto& station = viewer.station;
  const auto counts = tx.exec_params(
      "SELECT (SELECT count(*) FROM mstation.business_txn b JOIN mstation.terminal t ON t.tid = b.tid "
      "        WHERE b.state IN ('pending', 'unknown', 'manual') AND ($1::text IS NULL OR t.station = $1)), "
      "       (SELECT count(*) FROM mstation.saf_entry WHERE state = 'queued'), "
      "       (SELECT count(*) FROM mstation.saf_entry WHERE state = 'manual'), "
      "       (SELECT count(*) FROM mstation.alert WHERE acknowledged_at IS NULL)",
      station)[0];
  json out = {{"business_date", date},
              {"hours", hours(tx, date, station)},
              {"operators", operators(tx, date, station)},
              {"in_doubt", counts[0].as<std::int64_t>()}};
  // The queue, alerts and reconciliation are station-wide: not an office's to see.
  if (!viewer.is_office()) {
    out["saf"] = {{"queued", counts[1].as<std::int64_t>()}, {"manual", counts[2].as<std::int64_t>()}};
    out["alerts_open"] = counts[3].as<std::int64_t>();
    out["last_recon"] = last_recon(tx);
  }
  return out;
}

}  // namespace mstation::web
