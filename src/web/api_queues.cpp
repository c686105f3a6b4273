// GET /api/saf, GET /api/alerts and POST /api/alerts/ID/ack: the
// store-and-forward queue, the alerts, and acknowledging one with a reason
// (as `mstation alerts ack`, journaled on the admin chain).
#include "api_handlers.hpp"
#include "mstation/audit/manual_actions.hpp"
#include "mstation/store/alert_store.hpp"
#include "mstation/store/timestamps.hpp"
#include "sql_json.hpp"

namespace mstation::web {
namespace {

constexpr int list_limit = 500;

std::optional<std::string> saf_state(const Params& query) {
  const auto it = query.find("state");
  if (it == query.end() || it->second.empty()) return std::nullopt;
  const auto& s = it->second;
  if (s != "queued" && s != "manual" && s != "done" && s != "abandoned") {
    throw BadRequest("state must be queued, manual, done or abandoned");
  }
  return s;
}

}  // namespace

nlohmann::json saf_json(pqxx::transaction_base& tx, const Params& query) {
  using store::iso_china_sql;
  return {{"entries",
           rows_json(tx,
                     "SELECT saf_id, txn_id, purpose, sg186_txn, sg186_serial AS serial, state, attempts, " +
                         iso_china_sql("next_attempt_at") + " AS next_attempt_at, last_result, " +
                         iso_china_sql("created_at") + " AS created_at, " + iso_china_sql("finished_at") +
                         " AS finished_at FROM mstation.saf_entry WHERE ($1::text IS NULL OR state = $1) "
                         "ORDER BY saf_id DESC LIMIT $2",
                     saf_state(query), list_limit)}};
}

nlohmann::json alerts_json(pqxx::transaction_base& tx, const Params& query) {
  const auto open = query.find("open");
  const bool open_only = open != query.end() && (open->second == "1" || open->second == "true");
  nlohmann::json alerts = nlohmann::json::array();
  for (const auto& a : store::list_alerts(tx, open_only, list_limit)) alerts.push_back(store::alert_json(a));
  return {{"alerts", alerts}};
}

nlohmann::json ack_json(pqxx::connection& connection, const Viewer& viewer, std::int64_t alert_id,
                        const nlohmann::json& body) {
  viewer.require_ack_right();
  const auto reason = body_text(body, "reason");
  try {
    audit::run_admin_action(connection, console_actor(viewer, reason),
                            [&](pqxx::transaction_base& tx, audit::AdminAction& a) {
                              audit::acknowledge_alert_action(tx, alert_id, viewer.login, reason, a);
                            });
  } catch (const audit::AlertNotFound& e) {
    throw NotFound(e.what());
  } catch (const audit::AlertAlreadyAcknowledged& e) {
    throw Conflict(e.what());
  }
  return {{"alert_id", alert_id}, {"acknowledged_by", viewer.login}, {"ack_reason", reason}};
}

}  // namespace mstation::web
