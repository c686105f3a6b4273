#pragma once
// Schema migrations: sql/NNN_name.sql applied in order, each in its own
// transaction together with its record (name, SHA-256 checksum) in
// mstation.schema_migration. A file changed after it was applied, a file the
// database has but this build lacks, or a new file numbered below one already
// applied stops the run before anything is applied.
#include <filesystem>
#include <pqxx/connection>
#include <stdexcept>
#include <string>
#include <vector>


namespace mstation::store {

struct Migration {
  std::string name;  // e.g. "001_foundation.sql"
  std::string sql;
};

class MigrationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct MigrationReport {
  std::vector<std::string> applied;          // this run
  std::vector<std::string> already_applied;  // before this run
};

// Compiled into the binary from sql/ (cmake/EmbedMigrations.cmake).
std::vector<Migration> embedded_migrations();

// Reads DIR/NNN_*.sql; throws MigrationError on a misnamed file or a repeated number.
std::vector<Migration> load_migrations(const std::filesystem::path& dir);

// Must run as the schema owner (a role that may create roles). Serialised
// across processes by an advisory lock.
MigrationReport migrate(pqxx::connection& connection, const std::vector<Migration>& migrations);

}  // namespace mstation::store
