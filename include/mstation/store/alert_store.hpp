#pragma once
// Alerts for ops: a row in mstation.alert and a log line, in the caller's
// transaction; listed and acknowledged (with a reason) by `mstation alerts`.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

namespace mstation::store {

enum class Severity { warning, critical };

void raise_alert(pqxx::transaction_base& tx, Severity severity, const std::string& kind, const std::string& subject,
                 const std::string& message);

struct Alert {
  std::int64_t alert_id = 0;
  std::string raised_at;  // ISO 8601, UTC+8
  std::string severity;
  std::string kind;
  std::string subject;
  std::string message;
  std::optional<std::string> acknowledged_at;
  std::optional<std::string> acknowledged_by;
  std::optional<std::string> ack_reason;
};

// As the CLI prints it (--format json) and the console shows it.
nlohmann::json alert_json(const Alert& a);

// Whether an alert of this kind and subject is still unacknowledged (so as not to raise it twice).
bool alert_is_open(pqxx::transaction_base& tx, const std::string& kind, const std::string& subject);
// Newest first, at most `limit`.
std::vector<Alert> list_alerts(pqxx::transaction_base& tx, bool open_only, int limit);
// Locked FOR UPDATE.
std::optional<Alert> lock_alert(pqxx::transaction_base& tx, std::int64_t alert_id);
// False if it was acknowledged already.
bool acknowledge_alert(pqxx::transaction_base& tx, std::int64_t alert_id, const std::string& by,
                       const std::string& reason);

}  // namespace mstation::store
