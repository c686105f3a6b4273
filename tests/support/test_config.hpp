#pragma once
// The smallest valid configuration, as JSON for tests to adjust and write out.
#include <nlohmann/json.hpp>
#include <string>

#include "support/test_database.hpp"

namespace mstation::test {

inline nlohmann::json minimal_config(const std::string& conninfo = "dbname=mstation") {
  auto c = nlohmann::json::parse(R"({
    "station": { "agency_code": "510100000001", "instance": "ms1" },
    "terminal_listener": { "address": "127.0.0.1", "port": 0 },
    "allowlist_file": "allowlist.conf",
    "database": { "conninfo": "" },
    "sg186": { "host": "127.0.0.1", "port": 7001 },
    "keys": { "kek_file": "kek.key" }
  })");
  c["database"]["conninfo"] = conninfo;
  return c;
}

// The same, with each role as docs/operations.md sets them up: the daemon's
// login in conninfo, the owner for migrate/maintain, an administrator for the CLI.
inline nlohmann::json minimal_config(const TestDatabase& database) {
  auto c = minimal_config(database.daemon_conninfo());
  c["database"]["owner_conninfo"] = database.owner_conninfo();
  c["database"]["admin_conninfo"] = database.admin_conninfo();
  return c;
}

}  // namespace mstation::test
