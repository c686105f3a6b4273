#pragma once
// A fresh PostgreSQL database per test, in the throwaway cluster that
// scripts/test starts (its admin conninfo in MSTATION_TEST_PG). Dropped at
// the end of the test. Without MSTATION_TEST_PG the test fails, never
// silently passes.
#include <string>

namespace mstation::test {

class TestDatabase {
 public:
  TestDatabase();
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& name() const { return name_; }
  // Connects as the cluster's superuser, the owner role of the tests.
  const std::string& conninfo() const { return conninfo_; }

 private:
  std::string admin_conninfo_;
  std::string name_;
  std::string conninfo_;
};

}  // namespace mstation::test
