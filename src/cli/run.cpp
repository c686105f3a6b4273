#include "mstation/cli/run.hpp"

#include <algorithm>
#include <iostream>

#include "command.hpp"
#include "mstation/common/logging.hpp"
#include "mstation/config/loader.hpp"

namespace mstation::cli {
namespace {

std::vector<Command> all_commands() {
  std::vector<Command> commands{version_command(), check_config_command(), migrate_command(), keys_command(),
                                terminal_command(), operator_command(),   user_command(),    cash_command(),
                                serve_command(),    reconcile_command(),  alerts_command(),  saf_command(),
                                txn_command(),      audit_command(),      maintain_command()};
  return commands;
}

void print_overview(std::ostream& out, const std::vector<Command>& commands) {
  out << "usage: mstation <command> [options]   (mstation <command> --help for details)\n\ncommands:\n";
  for (const auto& c : commands) {
    std::string name = "  " + c.spec.name;
    if (name.size() < 16) name.resize(16, ' ');
    out << name << " " << c.spec.summary << "\n";
  }
}

}  // namespace

int run(int argc, char** argv) {
  const auto commands = all_commands();
  if (argc < 2) {
    print_overview(std::cerr, commands);
    return exit_usage;
  }
  const std::string name = argv[1];
  if (name == "--help" || name == "help" || name == "-h") {
    print_overview(std::cout, commands);
    return exit_ok;
  }
  if (name == "--version") return version_command().run({});
  const auto it = std::find_if(commands.begin(), commands.end(),
                               [&](const Command& c) { return c.spec.name == name; });
  if (it == commands.end()) {
    std::cerr << "mstation: unknown command '" << name << "'\n";
    print_overview(std::cerr, commands);
    return exit_usage;
  }
  const std::vector<std::string> words(argv + 2, argv + argc);
  auto parsed = parse_arguments(it->spec, words);
  if (auto* error = std::get_if<std::string>(&parsed)) {
    std::cerr << "mstation " << name << ": " << *error << "\n" << help_text(it->spec);
    return exit_usage;
  }
  const auto& args = std::get<Arguments>(parsed);
  if (args.has("help")) {
    std::cout << help_text(it->spec);
    return exit_ok;
  }
  try {
    return it->run(args);
  } catch (const UsageError& e) {
    std::cerr << "mstation " << name << ": " << e.what() << "\n" << help_text(it->spec);
    return exit_usage;
  } catch (const std::exception& e) {
    std::cerr << "mstation " << name << ": " << e.what() << "\n";
    return exit_failure;
  }
}

std::string required(const Arguments& args, const std::string& option) {
  auto value = args.value(option);
  if (!value || value->empty()) throw UsageError("--" + option + " is required");
  return *value;
}

std::string action_of(const Arguments& args, std::initializer_list<const char*> actions) {
  if (args.positionals.empty()) throw UsageError("which action?");
  const std::string& action = args.positionals.front();
  for (const char* a : actions)
    if (action == a) return action;
  throw UsageError("unknown action '" + action + "'");
}

bool json_format(const Arguments& args) {
  const auto format = args.value("format").value_or("text");
  if (format != "text" && format != "json") throw UsageError("--format must be text or json, got '" + format + "'");
  return format == "json";
}

std::int64_t positive_number(const std::string& text, const std::string& what) {
  std::size_t used = 0;
  long long value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || value <= 0) throw UsageError(what + " must be a whole number above 0, got '" + text + "'");
  return value;
}

std::int64_t id_positional(const Arguments& args, std::size_t index, const char* what) {
  if (args.positionals.size() <= index) throw UsageError(std::string(what) + " is required");
  return positive_number(args.positionals[index], what);
}

OptionSpec config_option() { return {"config", true, "the configuration file (JSON)"}; }

std::optional<config::Config> load_config_for(const Arguments& args, LogStream stream) {
  const auto file = args.value("config");
  if (!file) {
    std::cerr << "mstation: --config FILE is required\n";
    return std::nullopt;
  }
  auto result = config::load_file(*file);
  if (!result.config) {
    std::cerr << "mstation: configuration " << *file << " is invalid:\n";
    for (const auto& p : result.problems) std::cerr << "  " << p.to_string() << "\n";
    return std::nullopt;
  }
  const bool daemon = stream == LogStream::standard_output;
  setup_logging(daemon ? result.config->station.instance : "mstation", result.config->log.level, stream);
  return std::move(result.config);
}

}  // namespace mstation::cli
