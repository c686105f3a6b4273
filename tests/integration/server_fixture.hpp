#pragma once
// The daemon in-process on port 0, against the test database, for tests
// through real sockets. Terminals are 127.0.0.2 and 127.0.0.3.
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "mstation/config/loader.hpp"
#include "mstation/server/daemon.hpp"
#include "processor_fixture.hpp"
#include "support/tcp_client.hpp"
#include "support/test_config.hpp"

namespace mstation::test {

class ServerTest : public ProcessorTest {
 protected:
  // Tests adjust the configuration before start().
  nlohmann::json config_json() {
    auto c = minimal_config(database);
    c["station"]["instance"] = "ms-test";
    c["admin_listener"] = {{"address", "127.0.0.1"}, {"port", 0}};
    c["keys"]["key_grace_s"] = 0;  // a superseded key version dies at once
    c["log"] = {{"level", "warn"}};
    c["reconcile"] = {{"nightly", false}, {"report_dir", (dir.path() / "recon").string()}};
    return c;
  }

  void start(nlohmann::json config) {
    dir.write("allowlist.conf", "127.0.0.2\n127.0.0.3\n");
    const auto file = dir.write("mstation.json", config.dump());
    auto options = daemon_options;
    options.handle_signals = false;
    options.io_threads = 2;
    spdlog::set_level(spdlog::level::warn);  // the per-transaction lines would drown the test output
    daemon = std::make_unique<server::Daemon>(config::load_or_throw(file), options);
    runner = std::thread([this] { exit_status = daemon->run(); });
  }
  void start() { start(config_json()); }

  void TearDown() override { stop(); }

  int stop() {
    if (runner.joinable()) {
      daemon->request_drain();
      runner.join();
    }
    return exit_status;
  }

  std::uint16_t port() const { return daemon->terminal_endpoint().port(); }
  std::uint16_t admin_port() const { return daemon->admin_endpoint().port(); }

  // A request over a socket from `ip`; its answer opened by the terminal.
  hhu::Response over_socket(hhu::TerminalClient& terminal, std::uint16_t txn, const nlohmann::json& body = {},
                            const std::string& ip = "127.0.0.2") {
    const auto request = terminal.request(txn, body.is_null() ? nlohmann::json::object() : body, Clock::now());
    const auto answer = exchange_bytes(ip, port(), request);
    EXPECT_FALSE(answer.empty()) << "no answer";
    return terminal.open(answer);
  }

  server::Daemon::Options daemon_options;  // tests may move its clock
  std::unique_ptr<server::Daemon> daemon;
  std::thread runner;
  int exit_status = -1;
};

}  // namespace mstation::test
