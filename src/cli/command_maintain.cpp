// `mstation maintain --config FILE` (owner role, database.owner_conninfo):
// month partitions created maintain.months_ahead ahead for every partitioned
// table, rows waiting in a default partition moved into the month created
// for them, and — with maintain.retention_months — months past retention
// detached (never dropped), a journal month only after a signed boundary
// checkpoint of it is on disk. Each change is journaled on the admin chain;
// a run with nothing to do changes and journals nothing.
#include <fmt/format.h>

#include <iostream>
#include <pqxx/pqxx>

#include "admin_action.hpp"
#include "command.hpp"
#include "mstation/audit/checkpoint.hpp"
#include "mstation/common/china_time.hpp"
#include "mstation/store/partition_maintenance.hpp"

namespace mstation::cli {
namespace {

// Waiting longer for a table lock would stall the daemon queued behind us.
constexpr const char* brief_locks = "SET LOCAL lock_timeout = '3s'";

int ensure_ahead(const config::Config& config, const Arguments& args, const std::string& table,
                 const std::string& today) {
  int changed = 0;
  run_admin_action(config.migrate_conninfo(), args, [&](pqxx::transaction_base& tx, AdminAction& a) {
    tx.exec(brief_locks);
    nlohmann::json created = nlohmann::json::array();
    for (const auto& m : store::ensure_months(tx, table, today, config.maintain.months_ahead)) {
      if (!m.created) continue;
      ++changed;
      created.push_back({{"partition", m.partition}, {"rows_moved_from_default", m.moved}});
      std::cout << (m.moved == 0 ? fmt::format("created {}\n", m.partition)
                                 : fmt::format("created {}, moved {} rows into it from the default partition\n",
                                               m.partition, m.moved));
    }
    if (changed == 0) return;  // nothing journaled either
    a.action = "maintain_partitions";
    a.after = {{"table", table}, {"created", created}};
  });
  return changed;
}

// The boundary checkpoint of a journal month, signed and on disk before the month leaves.
std::filesystem::path write_boundary(const config::Config& config, const std::string& partition) {
  const auto key = audit::load_checkpoint_key(config.audit.checkpoint_key_file);
  pqxx::connection connection(config.migrate_conninfo());
  pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only> tx(connection);
  const auto boundary = audit::take_retention_boundary(tx, config.station.instance, partition);
  std::filesystem::create_directories(config.audit.checkpoint_dir);
  const auto file =
      config.audit.checkpoint_dir / ("retention-" + partition + "-" + compact_china(Clock::now()) + ".json");
  audit::write_checkpoint(file, audit::signed_checkpoint(boundary, key));
  return file;
}

// A business month with transactions still open, found under the lock the detach would take.
struct StillOpen {
  std::int64_t transactions = 0;
};

void detach_one(const config::Config& config, const Arguments& args, const std::string& table,
                const store::MonthPartition& p, const std::optional<std::filesystem::path>& boundary) {
  run_admin_action(config.migrate_conninfo(), args, [&](pqxx::transaction_base& tx, AdminAction& a) {
    tx.exec(brief_locks);
    if (table == "business_txn") {
      // No transaction of the month changes between the count and the detach.
      tx.exec("LOCK TABLE mstation." + tx.quote_name(p.partition) + " IN EXCLUSIVE MODE");
      if (const auto open = store::open_transactions(tx, p.partition); open > 0) throw StillOpen{open};
    }
    store::detach_partition(tx, table, p.partition);
    a.action = "maintain_detach";
    a.after = {{"table", table}, {"partition", p.partition}, {"month", p.first_day}};
    if (boundary) a.after["boundary_checkpoint"] = boundary->string();
  });
}

int detach_past_retention(const config::Config& config, const Arguments& args, const std::string& table,
                          const std::string& today) {
  std::vector<store::MonthPartition> past;
  {
    pqxx::connection connection(config.migrate_conninfo());
    pqxx::read_transaction tx(connection);
    past = store::partitions_past_retention(tx, table, today, config.maintain.retention_months);
  }
  int detached = 0;
  for (const auto& p : past) {
    std::optional<std::filesystem::path> boundary;
    if (table == "journal") boundary = write_boundary(config, p.partition);
    try {
      detach_one(config, args, table, p, boundary);
    } catch (const StillOpen& kept) {
      std::cout << "kept " << p.partition << " attached: " << kept.transactions
                << " of its transactions are not settled yet (pending, unknown, manual, a reversal open or a "
                   "store-and-forward entry not done)\n";
      continue;
    }
    std::cout << "detached " << p.partition << " (past " << config.maintain.retention_months
              << " months of retention; its rows are kept in table mstation." << p.partition << ")"
              << (boundary ? "; boundary checkpoint " + boundary->string() : std::string()) << "\n";
    ++detached;
  }
  return detached;
}

int maintain(const config::Config& config, const Arguments& args) {
  const auto today = business_date(Clock::now());
  std::vector<std::string> tables;
  {
    pqxx::connection connection(config.migrate_conninfo());
    pqxx::read_transaction tx(connection);
    tables = store::partitioned_tables(tx);
  }
  int changes = 0;
  for (const auto& table : tables) changes += ensure_ahead(config, args, table, today);
  if (config.maintain.retention_months > 0) {
    for (const auto& table : tables) changes += detach_past_retention(config, args, table, today);
  }
  if (changes == 0) {
    std::cout << fmt::format("nothing to do: {} have their months up to {} months ahead\n", fmt::join(tables, ", "),
                             config.maintain.months_ahead);
  }
  return exit_ok;
}

}  // namespace

Command maintain_command() {
  CommandSpec spec{"maintain", "maintain --config FILE",
                   "as the owner role (database.owner_conninfo): create month partitions maintain.months_ahead "
                   "ahead for every partitioned table, moving rows out of a default partition into the month "
                   "created for them; with maintain.retention_months, detach (never drop) older months, a journal "
                   "month after a signed boundary checkpoint in audit.checkpoint_dir. Journaled on the admin chain; "
                   "running it again changes nothing",
                   {config_option(), by_option(), reason_option()}};
  return {spec, [](const Arguments& args) {
            const auto config = load_config_for(args);
            if (!config) return int{exit_usage};
            return maintain(*config, args);
          }};
}

}  // namespace mstation::cli
