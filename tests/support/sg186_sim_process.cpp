#include "support/sg186_sim_process.hpp"

#include <gtest/gtest.h>

#include "support/process.hpp"

namespace mstation::test {

Sg186SimProcess::Sg186SimProcess(std::filesystem::path state_dir, std::vector<std::string> args)
    : state_dir_(std::move(state_dir)), args_(std::move(args)) {
  start();
}

void Sg186SimProcess::start() {
  std::vector<std::string> argv{sg186_sim_binary(), "--listen", "127.0.0.1:0", "--state", state_dir_.string()};
  argv.insert(argv.end(), args_.begin(), args_.end());
  process_ = std::make_unique<BackgroundProcess>(argv);
  const auto line = process_->wait_for_line("listening on 127.0.0.1:", std::chrono::seconds(60));
  if (!line) {
    ADD_FAILURE() << "sg186-sim did not start:\n" << process_->output();
    return;
  }
  const auto at = line->find("127.0.0.1:") + 10;
  port_ = static_cast<std::uint16_t>(std::stoi(line->substr(at, line->find(' ', at) - at)));
}

int Sg186SimProcess::stop() {
  process_->signal(SIGTERM);
  return process_->wait(std::chrono::seconds(30)).value_or(-1);
}

void Sg186SimProcess::control(const std::vector<std::string>& settings) {
  std::vector<std::string> argv{sg186_sim_binary(), "control", "--state", state_dir_.string()};
  argv.insert(argv.end(), settings.begin(), settings.end());
  const auto r = run_process(argv);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  ASSERT_NE(r.out.find("applied"), std::string::npos) << r.out;
}

nlohmann::json Sg186SimProcess::ledger(const std::vector<std::string>& args) const {
  std::vector<std::string> argv{sg186_sim_binary(), "ledger", "--state", state_dir_.string(), "--json"};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto r = run_process(argv);
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
  return nlohmann::json::parse(r.out, nullptr, false);
}

}  // namespace mstation::test
