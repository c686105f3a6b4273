#pragma once
// The daemon's database role must not be able to rewrite what it journals
// (docs/operations.md, "Roles"): `mstation serve` refuses to start when its
// login, or any role it can become, is a superuser, owns schema mstation,
// has CREATEROLE, is an administrator, may run programs or touch files as
// the server (pg_execute_server_program, pg_*_server_files), may SET
// session_replication_role, may CREATE in a schema, or may UPDATE, DELETE,
// TRUNCATE or add a TRIGGER to the journal or any of its partitions.
#include <optional>
#include <pqxx/connection>
#include <pqxx/transaction_base>
#include <stdexcept>
#include <string>

namespace mstation::store {

// The role may not serve; the message names the role and the reason.
class ServingRoleRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Why the connected role must not serve, or nothing when it may.
std::optional<std::string> serving_role_problem(pqxx::transaction_base& tx);

// Throws ServingRoleRefused with that reason.
void require_serving_role(pqxx::connection& connection);

}  // namespace mstation::store
