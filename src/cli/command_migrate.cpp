#include <iostream>
#include <pqxx/pqxx>

#include <spdlog/spdlog.h>

#include "command.hpp"
#include "mstation/store/migration.hpp"

namespace mstation::cli {

Command migrate_command() {
  CommandSpec spec{"migrate", "migrate --config FILE [--dir DIR]",
                   "apply the schema migrations not yet applied, in order, as the owner role "
                   "(database.owner_conninfo, else database.conninfo)",
                   {config_option(),
                    {"dir", true, "read NNN_name.sql files from DIR instead of those built in"}}};
  return {spec, [](const Arguments& args) {
            const auto config = load_config_for(args);
            if (!config) return int{exit_usage};
            const auto migrations = args.has("dir") ? store::load_migrations(*args.value("dir"))
                                                    : store::embedded_migrations();
            pqxx::connection connection(config->migrate_conninfo());
            try {
              const auto report = store::migrate(connection, migrations);
              for (const auto& name : report.applied) std::cout << "applied " << name << "\n";
              std::cout << report.applied.size() << " applied, " << report.already_applied.size()
                        << " already applied\n";
              return int{exit_ok};
            } catch (const store::MigrationError& e) {
              std::cerr << "mstation migrate: refused: " << e.what() << "\n";
              return int{exit_failure};
            }
          }};
}

}  // namespace mstation::cli
