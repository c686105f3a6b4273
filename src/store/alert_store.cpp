#include "mstation/store/alert_store.hpp"

#include <pqxx/pqxx>

#include <spdlog/spdlog.h>

namespace mstation::store {

void raise_alert(pqxx::transaction_base& tx, Severity severity, const std::string& kind, const std::string& subject,
                 const std::string& message) {
  const char* level = severity == Severity::critical ? "critical" : "warning";
  tx.exec_params("INSERT INTO mstation.alert (severity, kind, subject, message) VALUES ($1, $2, $3, $4)", level, kind,
                 subject, message);
  spdlog::warn("ALERT {} kind={} subject={}: {}", level, kind, subject, message);
}

}  // namespace mstation::store
