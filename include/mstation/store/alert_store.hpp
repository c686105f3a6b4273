#pragma once
// Alerts for ops: a row in mstation.alert and a log line, in the caller's transaction.
#include <pqxx/transaction_base>
#include <string>

namespace mstation::store {

enum class Severity { warning, critical };

void raise_alert(pqxx::transaction_base& tx, Severity severity, const std::string& kind, const std::string& subject,
                 const std::string& message);

}  // namespace mstation::store
