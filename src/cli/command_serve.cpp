// mstation serve
#include <spdlog/spdlog.h>

#include "command.hpp"
#include "mstation/server/daemon.hpp"

namespace mstation::cli {

Command serve_command() {
  CommandSpec spec{"serve", "serve --config FILE",
                   "run the master station daemon: terminal listener, journal, admin listener. "
                   "SIGHUP re-reads the allow-list and log level; SIGTERM drains and exits 0",
                   {config_option()}};
  return {spec, [](const Arguments& args) {
            auto config = load_config_for(args, LogStream::standard_output);
            if (!config) return int{exit_usage};
            try {
              server::Daemon daemon(std::move(*config), {});
              return daemon.run();
            } catch (const std::exception& e) {
              spdlog::critical("{}", e.what());
              return int{exit_failure};
            }
          }};
}

}  // namespace mstation::cli
