#pragma once
// One subcommand of `mstation`: its argument spec and what it does.
#include <functional>
#include <vector>

#include "mstation/cli/arguments.hpp"
#include "mstation/cli/run.hpp"
#include "mstation/config/config.hpp"

namespace mstation::cli {

struct Command {
  CommandSpec spec;
  std::function<int(const Arguments&)> run;
};

Command version_command();
Command check_config_command();
Command migrate_command();
std::vector<Command> pending_commands();  // named in the design, not built yet

// The common --config option and loading it (problems printed to stderr).
OptionSpec config_option();
std::optional<config::Config> load_config_for(const Arguments& args);

}  // namespace mstation::cli
