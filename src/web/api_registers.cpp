// GET /api/terminals and /api/operators: the registers, read only — status,
// when last seen, key version, lockouts and failed sign-ons. Never key
// material or password hashes. An office user sees its own station's.
#include "api_handlers.hpp"
#include "mstation/store/timestamps.hpp"
#include "sql_json.hpp"

namespace mstation::web {

nlohmann::json terminals_json(pqxx::transaction_base& tx, const Viewer& viewer) {
  using store::iso_china_sql;
  return {{"terminals",
           rows_json(tx,
                     "SELECT t.tid, t.station, host(t.bound_ip) AS bound_ip, t.enabled, t.key_version, "
                     "t.seq_epoch, t.highest_seq, " +
                         iso_china_sql("r.last_seen") + " AS last_seen_at, k.operator_id, "
                         "(SELECT count(*) FROM mstation.terminal_sign_on_failure f WHERE f.tid = t.tid "
                         "   AND f.failed_at > now() - interval '1 day') AS sign_on_failures_today "
                         "FROM mstation.terminal t "
                         "LEFT JOIN LATERAL (SELECT received_at AS last_seen FROM mstation.terminal_request q "
                         "                   WHERE q.tid = t.tid ORDER BY seq_epoch DESC, seq DESC LIMIT 1) r ON true "
                         "LEFT JOIN LATERAL (SELECT operator_id FROM mstation.working_key w WHERE w.tid = t.tid "
                         "                   ORDER BY issued_at DESC LIMIT 1) k ON true "
                         "WHERE ($1::text IS NULL OR t.station = $1) ORDER BY t.tid",
                     viewer.station)}};
}

nlohmann::json operators_json(pqxx::transaction_base& tx, const Viewer& viewer) {
  using store::iso_china_sql;
  return {{"operators",
           rows_json(tx,
                     "SELECT o.operator_id, o.name, o.station, o.enabled, " +
                         iso_china_sql("CASE WHEN o.locked_until > now() THEN o.locked_until END") +
                         " AS locked_until, "
                         "(SELECT count(*) FROM mstation.operator_login_failure f WHERE f.operator_id = o.operator_id "
                         "   AND f.failed_at > now() - interval '15 minutes') AS login_failures_15min, " +
                         iso_china_sql("(SELECT max(issued_at) FROM mstation.working_key w "
                                       "WHERE w.operator_id = o.operator_id)") +
                         " AS last_sign_on_at FROM mstation.operator o "
                         "WHERE ($1::text IS NULL OR o.station = $1) ORDER BY o.operator_id",
                     viewer.station)}};
}

}  // namespace mstation::web
