#include <iostream>

#include "command.hpp"

namespace mstation::cli {

std::vector<Command> pending_commands() {
  struct Pending {
    const char* name;
    const char* usage;
    const char* summary;
  };
  static const Pending pending[] = {
      {"maintain", "maintain --config FILE", "create future partitions, detach expired ones (owner role)"},
  };
  std::vector<Command> commands;
  for (const auto& p : pending) {
    CommandSpec spec{p.name, p.usage, p.summary, {config_option()}, 8};
    const std::string name = p.name;
    commands.push_back({spec, [name](const Arguments&) {
                          std::cerr << "mstation " << name << ": not implemented yet\n";
                          return int{exit_not_implemented};
                        }});
  }
  return commands;
}

}  // namespace mstation::cli
