// mstation keys init | rotate-kek | verify
#include <filesystem>
#include <iostream>

#include "admin_action.hpp"
#include "command.hpp"
#include "database.hpp"
#include "mstation/audit/checkpoint.hpp"
#include "mstation/keys/kek.hpp"
#include "mstation/keys/key_rotation.hpp"
#include "mstation/keys/sealed_key_check.hpp"

namespace mstation::cli {
namespace {

// Creates whichever of the two station keys is missing; one that exists is left alone.
int init_keys(const config::Config& config) {
  const auto& kek = config.keys.kek_file;
  const auto& checkpoint_key = config.audit.checkpoint_key_file;
  const bool have_kek = std::filesystem::exists(kek);
  const bool have_checkpoint_key = std::filesystem::exists(checkpoint_key);
  if (have_kek && have_checkpoint_key) {
    std::cerr << "cannot create " << kek.string() << " or " << checkpoint_key.string()
              << ": both exist already (a key is never overwritten)\n";
    return exit_failure;
  }
  if (have_kek) {
    std::cout << kek.string() << " exists: left alone\n";
  } else {
    keys::KekRing::create_file(kek);
    const auto ring = keys::KekRing::load(kek);
    std::cout << "created " << kek.string() << " (mode 0600), KEK id " << ring.current_id() << "\n"
              << "Back it up offline: without it no stored terminal key can be read.\n";
  }
  if (have_checkpoint_key) {
    std::cout << checkpoint_key.string() << " exists: left alone\n";
  } else {
    audit::create_checkpoint_key(checkpoint_key);
    std::cout << "created " << checkpoint_key.string() << " (mode 0600), the key that signs journal checkpoints\n"
              << "Keep a copy where the database's administrators cannot write.\n";
  }
  return exit_ok;
}

int rotate_kek(const config::Config& config, const Arguments& args) {
  const auto result = keys::rotate_kek(config.keys.kek_file, [&](const keys::Reseal& reseal) {
    run_admin_action(config, args, [&](pqxx::transaction_base& tx, AdminAction& a) {
      const auto before = tx.exec("SELECT DISTINCT kek_id FROM mstation.terminal UNION "
                                  "SELECT DISTINCT kek_id FROM mstation.working_key ORDER BY 1");
      a.before["kek_ids"] = nlohmann::json::array();
      for (const auto& row : before) a.before["kek_ids"].push_back(row[0].as<std::string>());
      const auto counts = reseal(tx);
      a.action = "keys_rotate_kek";
      a.after = {{"kek_id", counts.new_kek_id},
                 {"terminal_keys", counts.terminal_keys},
                 {"working_keys", counts.working_keys}};
    });
  });
  std::cout << "re-sealed " << result.terminal_keys << " terminal master keys and " << result.working_keys
            << " working keys under KEK " << result.new_kek_id << "\n"
            << "the previous KEK is kept as " << config.keys.kek_file.string()
            << ".previous until the next rotation\n";
  return exit_ok;
}

int verify(const config::Config& config) {
  const auto ring = keys::KekRing::load(config.keys.kek_file);
  const auto check = keys::check_sealed_keys(ring, config.admin_conninfo());
  for (const auto& failure : check.failures) std::cerr << "cannot open " << failure << "\n";
  std::cout << check.opened << " stored keys open, " << check.failures.size() << " do not\n";
  return check.failures.empty() ? int{exit_ok} : int{exit_failure};
}

}  // namespace

Command keys_command() {
  CommandSpec spec{"keys", "keys init|rotate-kek|verify --config FILE",
                   "create the station key-encryption key (KEK) and the checkpoint key (whichever is missing); rotate the KEK (every stored key re-sealed "
                   "under a new KEK in one transaction, journaled on the admin chain); verify that every stored key opens with the KEK files on disk",
                   {config_option(), by_option(), reason_option()}, 1};
  return {spec, [](const Arguments& args) {
            const auto action = action_of(args, {"init", "rotate-kek", "verify"});
            const auto config = load_config_for(args);
            if (!config) return int{exit_usage};
            if (action == "init") return init_keys(*config);
            if (action == "verify") return verify(*config);
            return rotate_kek(*config, args);
          }};
}

}  // namespace mstation::cli
