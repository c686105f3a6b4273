#include "mstation/store/alert_store.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "mstation/store/timestamps.hpp"

#include <pqxx/pqxx>

namespace mstation::store {
namespace {

const std::string& columns() {
  static const std::string c = "alert_id, " + iso_china_sql("raised_at") + ", severity, kind, coalesce(subject, ''), " +
                               "message, " + iso_china_sql("acknowledged_at") + ", acknowledged_by, ack_reason";
  return c;
}

std::optional<std::string> optional_text(const pqxx::field& f) {
  return f.is_null() ? std::nullopt : std::optional(f.as<std::string>());
}

Alert from_row(const pqxx::row& r) {
  return {r[0].as<std::int64_t>(), r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<std::string>(),
          r[4].as<std::string>(),  r[5].as<std::string>(), optional_text(r[6]),     optional_text(r[7]),
          optional_text(r[8])};
}

}  // namespace

void raise_alert(pqxx::transaction_base& tx, Severity severity, const std::string& kind, const std::string& subject,
                 const std::string& message) {
  const char* level = severity == Severity::critical ? "critical" : "warning";
  tx.exec_params("INSERT INTO mstation.alert (severity, kind, subject, message) VALUES ($1, $2, $3, $4)", level, kind,
                 subject, message);
  spdlog::warn("ALERT {} kind={} subject={}: {}", level, kind, subject, message);
}

nlohmann::json alert_json(const Alert& a) {
  auto optional = [](const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  return {{"alert_id", a.alert_id},     {"raised_at", a.raised_at}, {"severity", a.severity},
          {"kind", a.kind},             {"subject", a.subject},     {"message", a.message},
          {"acknowledged_at", optional(a.acknowledged_at)}, {"acknowledged_by", optional(a.acknowledged_by)},
          {"ack_reason", optional(a.ack_reason)}};
}

bool alert_is_open(pqxx::transaction_base& tx, const std::string& kind, const std::string& subject) {
  return !tx.exec_params("SELECT 1 FROM mstation.alert WHERE kind = $1 AND subject = $2 AND acknowledged_at IS NULL",
                         kind, subject)
              .empty();
}

std::vector<Alert> list_alerts(pqxx::transaction_base& tx, bool open_only, int limit) {
  const auto r = tx.exec_params(fmt::format("SELECT {} FROM mstation.alert {} ORDER BY alert_id DESC LIMIT $1", columns(),
                                            open_only ? "WHERE acknowledged_at IS NULL" : ""),
                                limit);
  std::vector<Alert> out;
  for (const auto& row : r) out.push_back(from_row(row));
  return out;
}

std::optional<Alert> lock_alert(pqxx::transaction_base& tx, std::int64_t alert_id) {
  const auto r =
      tx.exec_params(fmt::format("SELECT {} FROM mstation.alert WHERE alert_id = $1 FOR UPDATE", columns()), alert_id);
  if (r.empty()) return std::nullopt;
  return from_row(r[0]);
}

bool acknowledge_alert(pqxx::transaction_base& tx, std::int64_t alert_id, const std::string& by,
                       const std::string& reason) {
  return tx.exec_params(
               "UPDATE mstation.alert SET acknowledged_at = now(), acknowledged_by = $2, ack_reason = $3 "
               "WHERE alert_id = $1 AND acknowledged_at IS NULL",
               alert_id, by, reason)
             .affected_rows() == 1;
}

}  // namespace mstation::store
