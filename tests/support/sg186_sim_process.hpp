#pragma once
// sg186-sim as a real process on 127.0.0.1, port 0, with its state in a
// directory the test owns; its control and ledger commands as the test's
// levers and source of truth.
#include <csignal>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/background_process.hpp"

namespace mstation::test {

class Sg186SimProcess {
 public:
  // `args` after --listen/--state, e.g. {"--customers", "400", "--seed", "7"}.
  Sg186SimProcess(std::filesystem::path state_dir, std::vector<std::string> args);
  void start();
  // SIGTERM, then waits for the exit; returns the exit status.
  int stop();
  std::uint16_t port() const { return port_; }
  const std::string& output() const { return process_->output(); }

  // `sg186-sim control --state DIR SETTINGS...`; fails the test unless applied.
  void control(const std::vector<std::string>& settings);
  // `sg186-sim ledger --state DIR ARGS... --json`: the report, or null when not found.
  nlohmann::json ledger(const std::vector<std::string>& args) const;

 private:
  std::filesystem::path state_dir_;
  std::vector<std::string> args_;
  std::unique_ptr<BackgroundProcess> process_;
  std::uint16_t port_ = 0;
};

}  // namespace mstation::test
