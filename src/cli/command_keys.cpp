// mstation keys init | rotate-kek
#include <filesystem>
#include <iostream>

#include "command.hpp"
#include "database.hpp"
#include "mstation/keys/kek.hpp"
#include "mstation/keys/key_rotation.hpp"

namespace mstation::cli {
namespace {

int init_kek(const config::Config& config) {
  keys::KekRing::create_file(config.keys.kek_file);
  const auto ring = keys::KekRing::load(config.keys.kek_file);
  std::cout << "created " << config.keys.kek_file.string() << " (mode 0600), KEK id " << ring.current_id() << "\n"
            << "Back it up offline: without it no stored terminal key can be read.\n";
  return exit_ok;
}

int rotate_kek(const config::Config& config) {
  const auto result = keys::rotate_kek(config.keys.kek_file, config.database.conninfo);
  std::cout << "re-sealed " << result.terminal_keys << " terminal master keys and " << result.working_keys
            << " working keys under KEK " << result.new_kek_id << "\n"
            << "the previous KEK is kept as " << config.keys.kek_file.string()
            << ".previous until the next rotation\n";
  return exit_ok;
}

}  // namespace

Command keys_command() {
  CommandSpec spec{"keys", "keys init|rotate-kek --config FILE",
                   "create the station key-encryption key (KEK), or rotate it: every stored key is "
                   "re-sealed under a new KEK in one transaction",
                   {config_option()}, 1};
  return {spec, [](const Arguments& args) {
            const auto action = action_of(args, {"init", "rotate-kek"});
            const auto config = load_config_for(args);
            if (!config) return int{exit_usage};
            return action == "init" ? init_kek(*config) : rotate_kek(*config);
          }};
}

}  // namespace mstation::cli
