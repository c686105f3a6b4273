#include "mstation/store/migration.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <pqxx/pqxx>
#include <regex>
#include <set>
#include <sstream>

#include <spdlog/spdlog.h>

#include "mstation/common/sha256.hpp"

namespace mstation::store {
namespace {

namespace fs = std::filesystem;

// Arbitrary but fixed: every `mstation migrate` takes the same lock.
constexpr long long migrate_lock_key = 0x6D73746E6D6967LL;  // "mstnmig"

const std::regex& migration_name() {
  static const std::regex name(R"(([0-9]{3})_[a-z0-9_]+\.sql)");
  return name;
}

void check_names(const std::vector<Migration>& migrations) {
  std::set<std::string> numbers;
  for (const auto& m : migrations) {
    std::smatch match;
    if (!std::regex_match(m.name, match, migration_name())) {
      throw MigrationError("migration file " + m.name + " is not named NNN_name.sql (lower case)");
    }
    if (!numbers.insert(match[1].str()).second) {
      throw MigrationError("two migration files are numbered " + match[1].str());
    }
  }
}

void create_bookkeeping(pqxx::connection& connection) {
  pqxx::work tx(connection);
  tx.exec(R"(
    CREATE SCHEMA IF NOT EXISTS mstation;
    CREATE TABLE IF NOT EXISTS mstation.schema_migration (
      name       text PRIMARY KEY,
      checksum   text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      applied_by text NOT NULL DEFAULT current_user
    );)");
  tx.commit();
}

std::map<std::string, std::string> applied_checksums(pqxx::connection& connection) {
  pqxx::read_transaction tx(connection);
  std::map<std::string, std::string> applied;
  for (const auto& row : tx.exec("SELECT name, checksum FROM mstation.schema_migration")) {
    applied.emplace(row[0].as<std::string>(), row[1].as<std::string>());
  }
  return applied;
}

// Everything that must hold before a single migration is applied.
void check_against_database(const std::vector<Migration>& migrations,
                            const std::map<std::string, std::string>& applied) {
  std::map<std::string, const Migration*> by_name;
  for (const auto& m : migrations) by_name.emplace(m.name, &m);
  for (const auto& [name, checksum] : applied) {
    const auto it = by_name.find(name);
    if (it == by_name.end()) {
      throw MigrationError("the database has migration " + name +
                           " which this build does not contain; is this binary older than the schema?");
    }
    const std::string now = sha256_hex(it->second->sql);
    if (now != checksum) {
      throw MigrationError("migration " + name + " was changed after it was applied (recorded sha256 " +
                           checksum + ", file now " + now +
                           "); restore the original file and put the change in a new migration");
    }
  }
  const std::string newest_applied = applied.empty() ? "" : applied.rbegin()->first;
  for (const auto& m : migrations) {
    if (!applied.contains(m.name) && m.name < newest_applied) {
      throw MigrationError("migration " + m.name + " is new but numbered below " + newest_applied +
                           ", which is already applied; renumber it");
    }
  }
}

void apply_one(pqxx::connection& connection, const Migration& m) {
  pqxx::work tx(connection);
  // Partition bounds and dates are printed as text inside migrations: ISO reads back the same anywhere.
  tx.exec("SET LOCAL datestyle = 'ISO, YMD'");
  try {
    tx.exec(m.sql);
  } catch (const pqxx::sql_error& e) {
    throw MigrationError("migration " + m.name + " failed and was rolled back: " + e.what());
  }
  tx.exec_params("INSERT INTO mstation.schema_migration (name, checksum) VALUES ($1, $2)", m.name,
                 sha256_hex(m.sql));
  tx.commit();
}

class AdvisoryLock {
 public:
  explicit AdvisoryLock(pqxx::connection& connection) : connection_(connection) {
    pqxx::nontransaction tx(connection_);
    tx.exec_params("SELECT pg_advisory_lock($1)", migrate_lock_key);
  }
  ~AdvisoryLock() {
    try {
      pqxx::nontransaction tx(connection_);
      tx.exec_params("SELECT pg_advisory_unlock($1)", migrate_lock_key);
    } catch (const std::exception&) {
      // The session lock goes with the connection anyway.
    }
  }
  AdvisoryLock(const AdvisoryLock&) = delete;
  AdvisoryLock& operator=(const AdvisoryLock&) = delete;

 private:
  pqxx::connection& connection_;
};

}  // namespace

std::vector<Migration> load_migrations(const fs::path& dir) {
  std::vector<Migration> migrations;
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) throw MigrationError("cannot read migration directory " + dir.string() + ": " + ec.message());
  for (const auto& entry : it) {
    if (entry.path().extension() != ".sql") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    if (!in) throw MigrationError("cannot read " + entry.path().string());
    std::ostringstream text;
    text << in.rdbuf();
    migrations.push_back({entry.path().filename().string(), text.str()});
  }
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.name < b.name; });
  check_names(migrations);
  return migrations;
}

MigrationReport migrate(pqxx::connection& connection, const std::vector<Migration>& unsorted) {
  auto migrations = unsorted;
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.name < b.name; });
  check_names(migrations);

  AdvisoryLock lock(connection);
  create_bookkeeping(connection);
  const auto applied = applied_checksums(connection);
  check_against_database(migrations, applied);

  MigrationReport report;
  for (const auto& m : migrations) {
    if (applied.contains(m.name)) {
      report.already_applied.push_back(m.name);
      continue;
    }
    spdlog::info("applying migration {}", m.name);
    apply_one(connection, m);
    report.applied.push_back(m.name);
  }
  return report;
}

}  // namespace mstation::store
