#pragma once
// The daemon in-process (ServerTest) pointed at a real sg186-sim process.
#include <memory>
#include <string>
#include <vector>

#include "server_fixture.hpp"
#include "support/sg186_sim_process.hpp"

namespace mstation::test {

class ServerWithSg186Test : public ServerTest {
 protected:
  // `sim_args` go to sg186-sim besides its dataset (200 customers, seed 3).
  void start_with_sim(std::vector<std::string> sim_args = {}) {
    sim_args.insert(sim_args.end(), {"--customers", "200", "--seed", "3"});
    sim = std::make_unique<Sg186SimProcess>(dir.path() / "sim", sim_args);
    auto c = config_json();
    c["sg186"] = {{"host", "127.0.0.1"},
                  {"port", sim->port()},
                  {"connect_timeout_ms", 500},
                  {"exchange_timeout_ms", exchange_timeout_ms},
                  {"heartbeat_interval_s", heartbeat_interval_s}};
    c.merge_patch(overrides);
    start(c);
  }
  double metric(const std::string& name, const admin::Labels& labels = {}) {
    return daemon->metrics().value(name, labels);
  }

  nlohmann::json overrides = nlohmann::json::object();  // merged into the configuration
  int exchange_timeout_ms = 1000;
  int heartbeat_interval_s = 1;
  std::unique_ptr<Sg186SimProcess> sim;
};

}  // namespace mstation::test
