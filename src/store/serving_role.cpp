#include "mstation/store/serving_role.hpp"

#include <fmt/format.h>

#include <pqxx/pqxx>

namespace mstation::store {
namespace {

constexpr const char* see_docs = "connect the daemon as a login that is only a member of mstation_app "
                                 "(docs/operations.md, Roles)";

// Every role the session could act as: the login itself and every role it
// may SET ROLE to (a superuser login reaches them all). A connection string's
// `options=-c role=...` changes current_user, not what the login can become.
constexpr const char* reachable_roles = R"(
WITH reachable AS (
  SELECT r.oid, r.rolname, r.rolsuper, r.rolcreaterole
    FROM pg_roles r
   WHERE pg_has_role(session_user, r.oid, 'MEMBER') OR r.rolname = current_user))";

// What the reachable roles are and may (run after reachable_roles).
constexpr const char* reachable_sql = R"(
SELECT session_user::text, current_user::text,
       (SELECT rolsuper FROM pg_roles WHERE rolname = session_user),
       (SELECT string_agg(rolname, ', ' ORDER BY rolname) FROM reachable WHERE rolsuper),
       (SELECT string_agg(rolname, ', ' ORDER BY rolname) FROM reachable WHERE rolcreaterole),
       (SELECT string_agg(rolname, ', ' ORDER BY rolname) FROM reachable
         WHERE oid = (SELECT nspowner FROM pg_namespace WHERE nspname = 'mstation')),
       (SELECT string_agg(rolname, ', ' ORDER BY rolname) FROM reachable WHERE rolname = 'mstation_admin'),
       EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'mstation'),
       (SELECT string_agg(rolname, ', ' ORDER BY rolname) FROM reachable
         WHERE rolname IN ('pg_execute_server_program', 'pg_write_server_files', 'pg_read_server_files')),
       (SELECT string_agg(rolname, ', ' ORDER BY rolname) FROM reachable
         WHERE has_parameter_privilege(oid, 'session_replication_role', 'SET')),
       (SELECT string_agg(DISTINCT n.nspname, ', ') FROM pg_namespace n CROSS JOIN reachable r
         WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
           AND has_schema_privilege(r.oid, n.oid, 'CREATE')))";

// Every journal table (the parent and its partitions) a reachable role could
// change, as "table (UPDATE, DELETE)"; a column-level UPDATE counts too, and
// TRIGGER (a trigger of its own could rewrite rows as they are inserted).
constexpr const char* journal_writes_sql = R"(
SELECT string_agg(format('%s (%s)', c.relname, privs), ', ' ORDER BY c.relname)
  FROM pg_class c
  CROSS JOIN LATERAL (
    SELECT string_agg(p, ', ') AS privs
      FROM unnest(ARRAY['UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER']) AS p
     WHERE EXISTS (SELECT 1 FROM reachable r
                    WHERE has_table_privilege(r.oid, c.oid, p)
                       OR (p = 'UPDATE' AND has_any_column_privilege(r.oid, c.oid, 'UPDATE')))) granted
 WHERE (c.oid = 'mstation.journal'::regclass
        OR c.oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = 'mstation.journal'::regclass))
   AND privs IS NOT NULL)";

std::string acting(const std::string& login, const std::string& role) {
  return login == role ? fmt::format("database role {}", role)
                       : fmt::format("database login {} (acting as {})", login, role);
}

}  // namespace

std::optional<std::string> serving_role_problem(pqxx::transaction_base& tx) {
  const auto r = tx.exec1(std::string(reachable_roles) + reachable_sql);
  const auto login = r[0].as<std::string>();
  const auto who = acting(login, r[1].as<std::string>());
  if (r[2].as<bool>()) return fmt::format("{} is a superuser: {}", who, see_docs);
  if (!r[3].is_null()) return fmt::format("{} can become superuser role {}: {}", who, r[3].as<std::string>(), see_docs);
  if (!r[7].as<bool>()) return std::string("schema mstation does not exist: run `mstation migrate` first");
  if (!r[5].is_null()) {
    return fmt::format("{} owns schema mstation (or is a member of its owner {}): {}", who, r[5].as<std::string>(),
                       see_docs);
  }
  if (!r[4].is_null()) {
    return fmt::format("{} can create roles (CREATEROLE, through {}), so it could grant itself anything: {}", who,
                       r[4].as<std::string>(), see_docs);
  }
  if (!r[6].is_null()) {
    return fmt::format("{} is a member of mstation_admin, whose actions the daemon must not be able to take: {}",
                       who, see_docs);
  }
  if (!r[8].is_null()) {
    return fmt::format("{} is a member of {}, which runs programs or touches files as the database server: {}", who,
                       r[8].as<std::string>(), see_docs);
  }
  if (!r[9].is_null()) {
    return fmt::format("{} may SET session_replication_role (through {}), which switches every trigger off: {}", who,
                       r[9].as<std::string>(), see_docs);
  }
  if (!r[10].is_null()) {
    return fmt::format("{} may CREATE in schema {}: {}", who, r[10].as<std::string>(), see_docs);
  }
  const auto writes = tx.exec1(std::string(reachable_roles) + journal_writes_sql)[0];
  if (!writes.is_null()) {
    return fmt::format("{} can change the journal: {}; the daemon may only INSERT and SELECT: {}", who,
                       writes.as<std::string>(), see_docs);
  }
  return std::nullopt;
}

void require_serving_role(pqxx::connection& connection) {
  pqxx::read_transaction tx(connection);
  if (auto problem = serving_role_problem(tx)) throw ServingRoleRefused("refusing to serve: " + *problem);
}

}  // namespace mstation::store
