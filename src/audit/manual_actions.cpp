#include "mstation/audit/manual_actions.hpp"

#include <fmt/format.h>

#include "mstation/store/alert_store.hpp"

namespace mstation::audit {

void acknowledge_alert_action(pqxx::transaction_base& tx, std::int64_t alert_id, const std::string& by,
                              const std::string& reason, AdminAction& a) {
  const auto alert = store::lock_alert(tx, alert_id);
  if (!alert) throw AlertNotFound(fmt::format("no alert {}", alert_id));
  if (alert->acknowledged_at) {
    throw AlertAlreadyAcknowledged(fmt::format("alert {} was acknowledged at {} by {}", alert_id,
                                               *alert->acknowledged_at, alert->acknowledged_by.value_or("")));
  }
  store::acknowledge_alert(tx, alert_id, by, reason);
  a.action = "alert_ack";
  a.before = store::alert_json(*alert);
  a.after = {{"alert_id", alert_id}, {"acknowledged_by", by}, {"ack_reason", reason}};
}

recon::Resolution resolve_txn_action(pqxx::transaction_base& tx, std::int64_t txn_id, const std::string& as,
                                     AdminAction& a) {
  auto r = recon::resolve_txn(tx, txn_id, as);
  a.action = "txn_resolve";
  a.tid = r.before.request.tid;
  a.seq = static_cast<std::int64_t>(r.before.request.seq);
  a.txn = r.before.txn;
  a.before = {{"txn_id", txn_id}, {"serial", r.before.sg186_serial}, {"state", r.before.state},
              {"amount_fen", r.before.amount_fen}, {"customer_no", r.before.customer_no}};
  a.after = {{"txn_id", txn_id}, {"state", r.to}, {"saf_abandoned", r.saf_abandoned}};
  if (r.original_reversed != 0) a.after["original_reversed"] = r.original_reversed;
  return r;
}

}  // namespace mstation::audit
