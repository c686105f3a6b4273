#pragma once
// One subcommand of `mstation`: its argument spec and what it does.
#include <functional>
#include <initializer_list>
#include <stdexcept>
#include <vector>

#include "mstation/cli/arguments.hpp"
#include "mstation/cli/run.hpp"
#include "mstation/common/logging.hpp"
#include "mstation/config/config.hpp"

namespace mstation::cli {

struct Command {
  CommandSpec spec;
  std::function<int(const Arguments&)> run;
};

Command version_command();
Command check_config_command();
Command migrate_command();
Command keys_command();
Command terminal_command();
Command operator_command();
Command user_command();
Command cash_command();
Command serve_command();
Command reconcile_command();
Command alerts_command();
Command saf_command();
Command txn_command();
Command audit_command();
Command maintain_command();

// The common --config option and loading it (problems printed to stderr).
OptionSpec config_option();
// The daemon logs to stdout (journald, named by its instance); other
// commands to stderr, so their stdout carries only results.
std::optional<config::Config> load_config_for(const Arguments& args,
                                              LogStream stream = LogStream::standard_error);

// Bad usage found while running: exit 2 with the command's help.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// An option every action of a command needs; throws UsageError when absent.
std::string required(const Arguments& args, const std::string& option);
// --format: true for json, false for text (the default); throws UsageError for anything else.
bool json_format(const Arguments& args);
// `text` as a whole number above 0; throws UsageError naming `what`.
std::int64_t positive_number(const std::string& text, const std::string& what);
// The positional at `index` (after the action word) as a positive id; throws UsageError.
std::int64_t id_positional(const Arguments& args, std::size_t index, const char* what);
// The action word of `terminal add ...`; throws UsageError when absent or unknown.
std::string action_of(const Arguments& args, std::initializer_list<const char*> actions);

}  // namespace mstation::cli
