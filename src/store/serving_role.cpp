#include "mstation/store/serving_role.hpp"

#include <fmt/format.h>

#include <pqxx/pqxx>

namespace mstation::store {
namespace {

constexpr const char* see_docs = "connect the daemon as a login that is only a member of mstation_app "
                                 "(docs/operations.md, Roles)";

// Every journal table (the parent and its partitions) the role could change, as "table (UPDATE, DELETE)".
constexpr const char* journal_writes_sql = R"(
SELECT string_agg(format('%s (%s)', c.relname, privs), ', ' ORDER BY c.relname)
  FROM pg_class c
  CROSS JOIN LATERAL (
    SELECT string_agg(p, ', ') AS privs
      FROM unnest(ARRAY['UPDATE', 'DELETE', 'TRUNCATE']) AS p
     WHERE has_table_privilege(c.oid, p)) granted
 WHERE (c.oid = 'mstation.journal'::regclass
        OR c.oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = 'mstation.journal'::regclass))
   AND privs IS NOT NULL)";

}  // namespace

std::optional<std::string> serving_role_problem(pqxx::transaction_base& tx) {
  const auto role = tx.exec1(
      "SELECT current_user, r.rolsuper, "
      "       (SELECT pg_has_role(current_user, nspowner, 'MEMBER') FROM pg_namespace WHERE nspname = 'mstation') "
      "FROM pg_roles r WHERE r.rolname = current_user");
  const auto name = role[0].as<std::string>();
  if (role[1].as<bool>()) return fmt::format("database role {} is a superuser: {}", name, see_docs);
  if (role[2].is_null()) return fmt::format("schema mstation does not exist: run `mstation migrate` first");
  if (role[2].as<bool>()) {
    return fmt::format("database role {} owns schema mstation (or is a member of its owner): {}", name, see_docs);
  }
  const auto writes = tx.exec1(journal_writes_sql)[0];
  if (!writes.is_null()) {
    return fmt::format("database role {} can change the journal: {}; the daemon may only INSERT and SELECT: {}",
                       name, writes.as<std::string>(), see_docs);
  }
  return std::nullopt;
}

void require_serving_role(pqxx::connection& connection) {
  pqxx::read_transaction tx(connection);
  if (auto problem = serving_role_problem(tx)) throw ServingRoleRefused("refusing to serve: " + *problem);
}

}  // namespace mstation::store
