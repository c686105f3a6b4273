#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>

#include "mstation/common/sha256.hpp"
#include "mstation/store/migration.hpp"
#include "support/paths.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

namespace mstation::store {
namespace {

namespace fs = std::filesystem;

class MigrationTest : public ::testing::Test {
 protected:
  test::TestDatabase database;
  pqxx::connection connection{database.conninfo()};

  std::vector<std::string> applied_names() {
    pqxx::read_transaction tx(connection);
    std::vector<std::string> names;
    for (const auto& row : tx.exec("SELECT name FROM mstation.schema_migration ORDER BY name")) {
      names.push_back(row[0].as<std::string>());
    }
    return names;
  }

  bool table_exists(const std::string& name) {
    pqxx::read_transaction tx(connection);
    return !tx.exec_params1("SELECT to_regclass($1)::text", name)[0].is_null();
  }

  // A copy of sql/ in a temporary directory, for tests that edit files.
  fs::path copy_of_sql_dir(const test::TempDir& dir) {
    const auto copy = dir.path() / "sql";
    fs::copy(test::source_dir() + "/sql", copy);
    return copy;
  }
};

std::vector<std::string> names_of(const std::vector<Migration>& migrations) {
  std::vector<std::string> names;
  for (const auto& m : migrations) names.push_back(m.name);
  return names;
}

TEST_F(MigrationTest, FirstRunAppliesEveryMigrationWithItsChecksum) {
  const auto migrations = embedded_migrations();
  ASSERT_FALSE(migrations.empty());
  const auto report = migrate(connection, migrations);
  EXPECT_EQ(report.applied, names_of(migrations));
  EXPECT_TRUE(report.already_applied.empty());
  pqxx::read_transaction tx(connection);
  const auto row = tx.exec_params1("SELECT checksum FROM mstation.schema_migration WHERE name = $1",
                                   migrations.front().name);
  EXPECT_EQ(row[0].as<std::string>(), sha256_hex(migrations.front().sql));
}

TEST_F(MigrationTest, SecondRunAppliesNothing) {
  migrate(connection, embedded_migrations());
  const auto report = migrate(connection, embedded_migrations());
  EXPECT_TRUE(report.applied.empty());
  EXPECT_EQ(report.already_applied, names_of(embedded_migrations()));
  EXPECT_EQ(applied_names(), names_of(embedded_migrations()));
}

TEST_F(MigrationTest, EmbeddedMigrationsAreTheFilesInSqlDirectory) {
  const auto on_disk = load_migrations(test::source_dir() + "/sql");
  const auto embedded = embedded_migrations();
  ASSERT_EQ(names_of(on_disk), names_of(embedded));
  for (std::size_t i = 0; i < on_disk.size(); ++i) EXPECT_EQ(on_disk[i].sql, embedded[i].sql);
}

TEST_F(MigrationTest, MigrationChangedAfterItWasAppliedIsRefusedAndNothingElseApplies) {
  test::TempDir dir;
  const auto sql_dir = copy_of_sql_dir(dir);
  migrate(connection, load_migrations(sql_dir));
  {
    std::ofstream tamper(sql_dir / "001_foundation.sql", std::ios::app);
    tamper << "\n-- an innocent-looking edit\n";
  }
  std::ofstream(sql_dir / "999_later.sql") << "CREATE TABLE mstation.later (x int);";
  try {
    migrate(connection, load_migrations(sql_dir));
    FAIL() << "a tampered migration was accepted";
  } catch (const MigrationError& e) {
    EXPECT_NE(std::string(e.what()).find("001_foundation.sql was changed after it was applied"),
              std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(table_exists("mstation.later"));
}

TEST_F(MigrationTest, FailingMigrationIsRolledBackAndNotRecorded) {
  test::TempDir dir;
  const auto sql_dir = copy_of_sql_dir(dir);
  std::ofstream(sql_dir / "900_broken.sql") << "CREATE TABLE mstation.half (x int);\nSELECT 1/0;";
  EXPECT_THROW(migrate(connection, load_migrations(sql_dir)), MigrationError);
  EXPECT_FALSE(table_exists("mstation.half"));
  EXPECT_EQ(applied_names(), names_of(embedded_migrations()));
}

TEST_F(MigrationTest, DatabaseAheadOfTheBuildIsRefused) {
  test::TempDir dir;
  const auto sql_dir = copy_of_sql_dir(dir);
  std::ofstream(sql_dir / "950_future.sql") << "SELECT 1;";
  migrate(connection, load_migrations(sql_dir));
  EXPECT_THROW(migrate(connection, embedded_migrations()), MigrationError);
}

TEST_F(MigrationTest, NewMigrationNumberedBelowAnAppliedOneIsRefused) {
  test::TempDir dir;
  const auto sql_dir = copy_of_sql_dir(dir);
  std::ofstream(sql_dir / "950_applied.sql") << "SELECT 1;";
  migrate(connection, load_migrations(sql_dir));
  std::ofstream(sql_dir / "940_late.sql") << "CREATE TABLE mstation.late (x int);";
  EXPECT_THROW(migrate(connection, load_migrations(sql_dir)), MigrationError);
  EXPECT_FALSE(table_exists("mstation.late"));
}

TEST_F(MigrationTest, MisnamedMigrationFileIsRefused) {
  test::TempDir dir;
  const auto sql_dir = copy_of_sql_dir(dir);
  std::ofstream(sql_dir / "2_Add-Stuff.sql") << "SELECT 1;";
  EXPECT_THROW(load_migrations(sql_dir), MigrationError);
}

}  // namespace
}  // namespace mstation::store
