#include "test_database.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <pqxx/pqxx>
#include <stdexcept>

namespace mstation::test {
namespace {

std::string cluster_conninfo() {
  const char* value = std::getenv("MSTATION_TEST_PG");
  if (value == nullptr || *value == '\0') {
    throw std::runtime_error(
        "MSTATION_TEST_PG is not set: run the database tests through scripts/test, "
        "which starts a throwaway PostgreSQL cluster");
  }
  return value;
}

std::string unique_name() {
  static std::atomic<int> counter{0};
  return "mstation_test_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
}

}  // namespace

TestDatabase::TestDatabase() : admin_conninfo_(cluster_conninfo()), name_(unique_name()) {
  pqxx::connection admin(admin_conninfo_);
  pqxx::nontransaction tx(admin);
  tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
  const auto roles = tx.exec1(
      "SELECT count(*) FROM pg_roles WHERE rolname IN "
      "('mstation_owner', 'mstation_daemon', 'mstation_ops', 'mstation_audit')")[0].as<int>();
  if (roles != 4) {
    throw std::runtime_error(
        "the test cluster lacks the logins mstation_owner, mstation_daemon, mstation_ops and mstation_audit: "
        "run the database tests through scripts/test (scripts/lib/pg.sh creates them)");
  }
  tx.exec("CREATE DATABASE " + tx.quote_name(name_) + " OWNER mstation_owner");
  conninfo_ = admin_conninfo_ + " dbname=" + name_;
}

TestDatabase::~TestDatabase() {
  try {
    pqxx::connection admin(admin_conninfo_);
    pqxx::nontransaction tx(admin);
    tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
  } catch (const std::exception&) {
    // The cluster is thrown away after the run anyway.
  }
}

}  // namespace mstation::test
