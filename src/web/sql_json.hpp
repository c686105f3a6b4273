#pragma once
// The console's reads let PostgreSQL build the JSON: a query's rows as a
// JSON array of objects (column names as keys), parsed once here. Times
// come out as the query formats them (store::iso_china_sql, UTC+8).
#include <nlohmann/json.hpp>
#include <pqxx/result>
#include <pqxx/transaction_base>
#include <string>

namespace mstation::web {

template <typename... Args>
nlohmann::json rows_json(pqxx::transaction_base& tx, const std::string& select, Args&&... args) {
  const pqxx::result r = tx.exec_params("SELECT coalesce(json_agg(q), '[]'::json)::text FROM (" + select + ") q",
                                std::forward<Args>(args)...);
  return nlohmann::json::parse(r[0][0].as<std::string>());
}

// The first row as an object, or null.
template <typename... Args>
nlohmann::json row_json(pqxx::transaction_base& tx, const std::string& select, Args&&... args) {
  auto rows = rows_json(tx, select, std::forward<Args>(args)...);
  return rows.empty() ? nlohmann::json(nullptr) : rows[0];
}

}  // namespace mstation::web
