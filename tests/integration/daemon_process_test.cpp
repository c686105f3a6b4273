// `mstation serve` as systemd runs it: a real process, real signals.
#include <gtest/gtest.h>

#include <signal.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "mstation/hhu/terminal_client.hpp"
#include "mstation/txn/codes.hpp"
#include "support/background_process.hpp"
#include "support/process.hpp"
#include "support/tcp_client.hpp"
#include "support/test_config.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

namespace mstation::test {
namespace {

using namespace std::chrono_literals;
namespace txns = txn::txns;

class DaemonProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = minimal_config(database);
    c["admin_listener"] = {{"address", "127.0.0.1"}, {"port", 0}};
    config = dir.write("mstation.json", c.dump()).string();
    dir.write("allowlist.conf", "127.0.0.2\n127.0.0.3\n");
    ASSERT_EQ(cli({"migrate"}).exit_code, 0);
    ASSERT_EQ(cli({"keys", "init"}).exit_code, 0);
    ASSERT_EQ(cli({"operator", "add", "--id", "0042", "--name", "张三", "--station", "s"}, "123456\n").exit_code, 0);
  }

  ProcessResult cli(std::vector<std::string> words, const std::string& input = "") {
    std::vector<std::string> argv{mstation_binary()};
    argv.insert(argv.end(), words.begin(), words.end());
    argv.push_back("--config");
    argv.push_back(config);
    return run_process(argv, input);
  }

  hhu::TerminalClient enroll(const std::string& tid, const std::string& ip) {
    const auto file = dir.path() / (tid + ".tmk");
    const auto r = cli({"terminal", "add", "--tid", tid, "--ip", ip, "--suite", "tdea", "--station", "s", "--tmk-out",
                        file.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::ifstream in(file);
    std::string hex;
    in >> hex;
    return hhu::TerminalClient(tid, hhu::Suite::tdea, to_secret(*from_hex(hex)));
  }

  // Starts `mstation serve` and learns its port from the log.
  std::uint16_t serve() {
    daemon = std::make_unique<BackgroundProcess>(std::vector<std::string>{mstation_binary(), "serve", "--config", config});
    const auto line = daemon->wait_for_line("listening for terminals on", 30s);
    if (!line) {
      ADD_FAILURE() << "the daemon did not start:\n" << daemon->output();
      return 0;
    }
    return static_cast<std::uint16_t>(std::stoi(line->substr(line->rfind(':') + 1)));
  }

  TestDatabase database;
  TempDir dir;
  std::string config;
  std::unique_ptr<BackgroundProcess> daemon;
};

TEST_F(DaemonProcessTest, SigtermDrainsInFlightTransactionsAndExitsZero) {
  const std::uint16_t port = serve();
  ASSERT_NE(port, 0);
  std::vector<hhu::TerminalClient> terminals;
  for (const char* tid : {"51010001", "51010002", "51010003"}) terminals.push_back(enroll(tid, "127.0.0.2"));
  std::vector<Bytes> requests;
  std::vector<std::unique_ptr<TcpClient>> in_flight;
  for (auto& t : terminals) {
    requests.push_back(t.request(txns::echo, nlohmann::json::object(), Clock::now()));
    in_flight.push_back(std::make_unique<TcpClient>("127.0.0.2", port));
    in_flight.back()->send(Bytes(requests.back().begin(), requests.back().end() - 5));
  }
  // Accepted in order: once a later connection is answered, the three are in flight.
  auto later = enroll("51010009", "127.0.0.3");
  ASSERT_FALSE(exchange_bytes("127.0.0.3", port, later.request(txns::echo, nlohmann::json::object(), Clock::now())).empty());

  daemon->signal(SIGTERM);
  ASSERT_TRUE(daemon->wait_for_line("draining", 10s)) << daemon->output();
  for (std::size_t i = 0; i < in_flight.size(); ++i) {
    in_flight[i]->send(Bytes(requests[i].end() - 5, requests[i].end()));
    const auto answer = in_flight[i]->receive_all();
    ASSERT_FALSE(answer.empty()) << "in-flight transaction " << i << " was not answered";
    EXPECT_EQ(terminals[i].open(answer).code(), "00");
  }
  EXPECT_EQ(daemon->wait(30s), 0) << daemon->output();
  pqxx::connection c(database.conninfo());
  pqxx::read_transaction tx(c);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM mstation.journal WHERE kind = 'hhu_response_raw'")[0].as<int>(), 4);
}

TEST_F(DaemonProcessTest, SighupReloadsTheAllowList) {
  const std::uint16_t port = serve();
  ASSERT_NE(port, 0);
  auto terminal = enroll("51010005", "127.0.0.5");
  const Bytes request = terminal.request(txns::echo, nlohmann::json::object(), Clock::now());
  EXPECT_TRUE(exchange_bytes("127.0.0.5", port, request).empty());
  dir.write("allowlist.conf", "127.0.0.2\n127.0.0.3\n127.0.0.5\n");
  daemon->signal(SIGHUP);
  ASSERT_TRUE(daemon->wait_for_line("reload: allow-list has 3 entries", 10s)) << daemon->output();
  const auto answer = exchange_bytes("127.0.0.5", port, request);
  ASSERT_FALSE(answer.empty());
  EXPECT_EQ(terminal.open(answer).code(), "00");
  daemon->signal(SIGTERM);
  EXPECT_EQ(daemon->wait(30s), 0);
}

TEST_F(DaemonProcessTest, WritesSignedCheckpointsThatAuditVerifyAccepts) {
  auto c = nlohmann::json::parse(std::ifstream(config));
  c["audit"] = {{"checkpoint_interval_s", 1}};
  dir.write("mstation.json", c.dump());
  ASSERT_NE(serve(), 0);
  const auto line = daemon->wait_for_line("audit: checkpoint written to ", 30s);
  ASSERT_TRUE(line) << daemon->output();
  const auto file = line->substr(line->find("written to ") + 11);
  EXPECT_NE(file.find((dir.path() / "checkpoints" / "checkpoint-").string()), std::string::npos) << file;
  const auto r = cli({"audit", "verify", "--checkpoint", file});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST_F(DaemonProcessTest, RefusesToStartWithoutItsKek) {
  std::filesystem::remove(dir.path() / "kek.key");
  const auto r = run_process({mstation_binary(), "serve", "--config", config}, "", 30s);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("kek.key"), std::string::npos) << r.out << r.err;
}

TEST_F(DaemonProcessTest, RefusesToStartWithABadAllowList) {
  dir.write("allowlist.conf", "127.0.0.2/40\n");
  const auto r = run_process({mstation_binary(), "serve", "--config", config}, "", 30s);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("line 1: '127.0.0.2/40'"), std::string::npos) << r.out << r.err;
}

TEST_F(DaemonProcessTest, KeysRotateKekWhileServingLeavesEveryTerminalAnswered) {
  const std::uint16_t port = serve();
  ASSERT_NE(port, 0);
  auto before = enroll("51010001", "127.0.0.2");
  const auto talk = [&](hhu::TerminalClient& t, std::uint16_t txn, const nlohmann::json& body) {
    const auto answer = exchange_bytes("127.0.0.2", port, t.request(txn, body, Clock::now()));
    return answer.empty() ? std::string("no answer") : t.open(answer).code();
  };
  ASSERT_EQ(talk(before, txns::sign_on, {{"operator_id", "0042"}, {"password", "123456"}}), "00");
  const auto r = cli({"keys", "rotate-kek", "--reason", "yearly rotation"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Its working keys are re-sealed under a KEK the daemon did not load at start.
  EXPECT_EQ(talk(before, txns::echo, nlohmann::json::object()), "00") << daemon->output();
  // A terminal enrolled after the rotation (its master key under the new KEK) signs on too.
  auto after = enroll("51010002", "127.0.0.2");
  EXPECT_EQ(talk(after, txns::sign_on, {{"operator_id", "0042"}, {"password", "123456"}}), "00");
  EXPECT_TRUE(daemon->wait_for_line("KEK ring reloaded", 10s)) << daemon->output();
  daemon->signal(SIGTERM);
  EXPECT_EQ(daemon->wait(30s), 0);
}

}  // namespace
}  // namespace mstation::test
