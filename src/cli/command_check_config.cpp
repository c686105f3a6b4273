#include <iostream>

#include "command.hpp"
#include "mstation/config/loader.hpp"
#include "mstation/tariff/tariff.hpp"

namespace mstation::cli {

Command check_config_command() {
  CommandSpec spec{"check-config", "check-config FILE | check-config --config FILE",
                   "validate a configuration file: exit 0, or print every problem and exit 2",
                   {config_option()}, 1};
  return {spec, [](const Arguments& args) {
            std::optional<std::string> file = args.value("config");
            if (!args.positionals.empty()) {
              if (file) {
                std::cerr << "mstation check-config: give the file once, as FILE or --config FILE\n";
                return int{exit_usage};
              }
              file = args.positionals.front();
            }
            if (!file) {
              std::cerr << "mstation check-config: which file? (check-config FILE)\n";
              return int{exit_usage};
            }
            const auto result = config::load_file(*file);
            if (!result.config) {
              std::cerr << *file << ": " << result.problems.size() << " problem"
                        << (result.problems.size() == 1 ? "" : "s") << ":\n";
              for (const auto& p : result.problems) std::cerr << "  " << p.to_string() << "\n";
              return int{exit_usage};
            }
            // Files the configuration names and that have a format of their own.
            if (result.config->tariffs_file) {
              const auto tariffs = tariff::TariffBook::load(result.config->tariffs_file->string());
              if (const auto* problem = std::get_if<std::string>(&tariffs)) {
                std::cerr << *file << ": 1 problem:\n  tariffs_file: " << *problem << "\n";
                return int{exit_usage};
              }
            }
            std::cout << *file << ": OK\n";
            return int{exit_ok};
          }};
}

}  // namespace mstation::cli
