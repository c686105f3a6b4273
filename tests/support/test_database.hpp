#pragma once
// A fresh PostgreSQL database per test, in the throwaway cluster that
// scripts/test starts (its admin conninfo in MSTATION_TEST_PG). Dropped at
// the end of the test. Without MSTATION_TEST_PG the test fails, never
// silently passes.
//
// The database is owned by mstation_owner, and the cluster has the logins of
// docs/operations.md ("Roles"), which scripts/lib/pg.sh creates: each role's
// conninfo below. Tests connect the daemon, the CLI and auditors' queries as
// those roles, and use the superuser only to set up or tamper.
#include <string>

namespace mstation::test {

class TestDatabase {
 public:
  TestDatabase();
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& name() const { return name_; }
  // The cluster's superuser: the test's own inspection and tampering.
  const std::string& conninfo() const { return conninfo_; }
  std::string owner_conninfo() const { return as("mstation_owner"); }    // migrate, maintain
  std::string daemon_conninfo() const { return as("mstation_daemon"); }  // a member of mstation_app
  std::string admin_conninfo() const { return as("mstation_ops"); }      // a member of mstation_admin
  std::string auditor_conninfo() const { return as("mstation_audit"); }  // a member of mstation_auditor
  std::string as(const std::string& role) const { return conninfo_ + " user=" + role; }

 private:
  std::string admin_conninfo_;
  std::string name_;
  std::string conninfo_;
};

}  // namespace mstation::test
