// mstation serve
#include <iostream>

#include <spdlog/spdlog.h>

#include "command.hpp"
#include "mstation/common/logging.hpp"
#include "mstation/config/loader.hpp"
#include "mstation/server/daemon.hpp"

namespace mstation::cli {

Command serve_command() {
  CommandSpec spec{"serve", "serve --config FILE",
                   "run the master station daemon: terminal listener, journal, admin listener. "
                   "SIGHUP re-reads the allow-list and log level; SIGTERM drains and exits 0",
                   {config_option()}};
  return {spec, [](const Arguments& args) {
            const auto file = args.value("config");
            if (!file) throw UsageError("--config FILE is required");
            auto loaded = config::load_file(*file);
            if (!loaded.config) {
              std::cerr << "mstation serve: configuration " << *file << " is invalid:\n";
              for (const auto& p : loaded.problems) std::cerr << "  " << p.to_string() << "\n";
              return int{exit_usage};
            }
            setup_logging(loaded.config->station.instance, loaded.config->log.level, LogStream::standard_output);
            try {
              server::Daemon daemon(std::move(*loaded.config), {});
              return daemon.run();
            } catch (const std::exception& e) {
              spdlog::critical("{}", e.what());
              return int{exit_failure};
            }
          }};
}

}  // namespace mstation::cli
