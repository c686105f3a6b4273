#pragma once
// The administrative actions that the CLI and the web console share, as
// steps of audit::run_admin_action: each changes the books in the caller's
// transaction and fills in the journal row. The CLI (`alerts ack`, `txn
// resolve`) and the console's buttons call these, so both do exactly the
// same thing and journal it the same way.
#include <cstdint>
#include <stdexcept>
#include <string>

#include "mstation/audit/admin_action.hpp"
#include "mstation/recon/manual_settlement.hpp"

namespace mstation::audit {

// Expected refusals, each its own type so a caller can answer each its own way.
struct AlertNotFound : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct AlertAlreadyAcknowledged : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// `alerts ack ID --reason TEXT`: acknowledges an open alert.
void acknowledge_alert_action(pqxx::transaction_base& tx, std::int64_t alert_id, const std::string& by,
                              const std::string& reason, AdminAction& a);

// `txn resolve ID --as succeeded|reversed|not-charged`; throws recon::ResolveRefused.
recon::Resolution resolve_txn_action(pqxx::transaction_base& tx, std::int64_t txn_id, const std::string& as,
                                     AdminAction& a);

}  // namespace mstation::audit
