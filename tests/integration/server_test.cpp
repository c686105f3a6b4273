// The front-end server through real sockets on loopback, against PostgreSQL.
#include "server_fixture.hpp"

#include <set>

#include "mstation/store/bytea.hpp"
#include "support/eventually.hpp"

namespace mstation::test {
namespace {

using namespace std::chrono_literals;
namespace txns = txn::txns;

Bytes flip_last(Bytes frame) {
  frame.back() ^= 0x01;
  return frame;
}

hhu::Response plain(const Bytes& answer) {
  auto f = std::get<hhu::Frame>(hhu::parse_frame(answer));
  EXPECT_EQ(f.header.flags, hhu::flag_response);
  return {false, nlohmann::json::parse(f.payload.begin(), f.payload.end())};
}

class FrontEndTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    add_operator("0042", "123456");
  }
};

TEST_F(FrontEndTest, TerminalSignsOnEchoesRetransmitsAndReplays) {
  start();
  auto terminal = enroll("51010001");
  EXPECT_EQ(over_socket(terminal, txns::sign_on, {{"operator_id", "0042"}, {"password", "123456"}}).code(), "00");
  EXPECT_EQ(over_socket(terminal, txns::echo).code(), "00");

  const Bytes echo = terminal.request(txns::echo, nlohmann::json::object(), Clock::now());
  const Bytes first = exchange_bytes("127.0.0.2", port(), echo);
  const Bytes again = exchange_bytes("127.0.0.2", port(), echo);
  EXPECT_EQ(again, first);
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.terminal_request WHERE seq = " +
                   std::to_string(terminal.last_seq())),
            1);

  const Bytes replay = terminal.request_with(txns::echo, {{"x", 1}}, Clock::now(), terminal.last_seq(),
                                             terminal.key_version());
  const auto answer = plain(exchange_bytes("127.0.0.2", port(), replay));
  EXPECT_EQ(answer.code(), "A2");
  EXPECT_EQ(answer.body["next_seq"], terminal.last_seq() + 1);
}

TEST_F(FrontEndTest, OldKeyVersionAfterGraceIsA1) {
  start();  // key_grace_s is 0 in the test configuration
  auto terminal = enroll("51010001");
  over_socket(terminal, txns::sign_on, {{"operator_id", "0042"}, {"password", "123456"}});
  hhu::TerminalClient old_keys = terminal;
  over_socket(terminal, txns::sign_on, {{"operator_id", "0042"}, {"password", "123456"}});
  old_keys.set_last_seq(terminal.last_seq());
  const auto answer = exchange_bytes("127.0.0.2", port(), old_keys.request(txns::echo, nlohmann::json::object(), Clock::now()));
  EXPECT_EQ(plain(answer).code(), "A1");
}

TEST_F(FrontEndTest, BadMacIsA0) {
  start();
  auto terminal = enroll("51010001");
  over_socket(terminal, txns::sign_on, {{"operator_id", "0042"}, {"password", "123456"}});
  const auto answer =
      exchange_bytes("127.0.0.2", port(), flip_last(terminal.request(txns::echo, nlohmann::json::object(), Clock::now())));
  EXPECT_EQ(plain(answer).code(), "A0");
}

TEST_F(FrontEndTest, TerminalConnectingFromAnotherAllowedAddressIsA3) {
  start();
  auto terminal = enroll("51010001", "127.0.0.2");
  const auto answer =
      exchange_bytes("127.0.0.3", port(), terminal.request(txns::echo, nlohmann::json::object(), Clock::now()));
  EXPECT_EQ(plain(answer).code(), "A3");
}

TEST_F(FrontEndTest, AddressNotOnTheAllowListIsClosedUnreadUntilReloaded) {
  start();
  auto terminal = enroll("51010005", "127.0.0.5");
  const Bytes request = terminal.request(txns::echo, nlohmann::json::object(), Clock::now());
  TcpClient refused("127.0.0.5", port());
  refused.send(request);
  EXPECT_TRUE(refused.receive_all().empty());
  EXPECT_FALSE(refused.timed_out());
  EXPECT_EQ(daemon->metrics().value("mstation_connections_rejected_total", {{"reason", "allowlist"}}), 1);
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.journal WHERE peer = '127.0.0.5'"), 0);  // not a byte read

  dir.write("allowlist.conf", "127.0.0.2\n127.0.0.3\n127.0.0.5\n");
  daemon->reload();
  const auto answer = exchange_bytes("127.0.0.5", port(), request);
  ASSERT_FALSE(answer.empty());
  EXPECT_EQ(terminal.open(answer).code(), "00");
}

TEST_F(FrontEndTest, BadAllowListOnReloadKeepsTheOldOne) {
  start();
  dir.write("allowlist.conf", "127.0.0.2\nnot-an-address\n");
  daemon->reload();
  EXPECT_EQ(daemon->metrics().value("mstation_allowlist_reloads_total", {{"result", "error"}}), 1);
  auto terminal = enroll("51010003", "127.0.0.3");  // 127.0.0.3 was on the old list only
  const auto answer =
      exchange_bytes("127.0.0.3", port(), terminal.request(txns::echo, nlohmann::json::object(), Clock::now()));
  ASSERT_FALSE(answer.empty());
  EXPECT_EQ(terminal.open(answer).code(), "00");
}

TEST_F(FrontEndTest, StalledHalfFrameIsCutAtFrameTimeoutWhileOthersAreServed) {
  auto config = config_json();
  config["terminal_listener"]["frame_timeout_s"] = 2;
  start(config);
  auto terminal = enroll("51010001");
  const Bytes request = terminal.request(txns::echo, nlohmann::json::object(), Clock::now());
  TcpClient stalled("127.0.0.3", port());
  stalled.send(Bytes(request.begin(), request.begin() + 10));
  // Served while the other connection stalls.
  auto other = enroll("51010002", "127.0.0.2");
  EXPECT_EQ(over_socket(other, txns::echo).code(), "00");
  const auto cut = stalled.receive_all();
  EXPECT_TRUE(cut.empty());
  EXPECT_FALSE(stalled.timed_out()) << "the server did not cut the stalled connection";
  const auto rows = [&] {
    pqxx::read_transaction tx(db);
    return tx.exec("SELECT raw, note FROM mstation.journal WHERE peer = '127.0.0.3'");
  }();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(store::bytes_of(rows[0][0]), Bytes(request.begin(), request.begin() + 10));
  EXPECT_EQ(rows[0][1].as<std::string>(), "no complete frame within frame_timeout");
}

TEST_F(FrontEndTest, OversizeLenIsRefusedBeforeTheBodyIsRead) {
  start();
  Bytes oversize{0x20, 0x01, 'H', 'H', 0x01, 0x02};  // LEN 8193 > max_request_bytes 8192
  oversize.resize(200, 0x55);
  TcpClient client("127.0.0.2", port());
  client.send(oversize);
  EXPECT_TRUE(client.receive_all().empty());
  pqxx::read_transaction tx(db);
  const auto row = tx.exec1("SELECT raw, note FROM mstation.journal WHERE peer = '127.0.0.2'");
  EXPECT_EQ(store::bytes_of(row[0]), (Bytes{0x20, 0x01}));  // only LEN was read
  EXPECT_EQ(row[1].as<std::string>(), "LEN 8193 outside 53..8192");
}

TEST_F(FrontEndTest, GarbageIsJournaledAndTheDaemonKeepsServing) {
  start();
  const std::string http = "GET / HTTP/1.0\r\n\r\n";
  TcpClient client("127.0.0.2", port());
  client.send(Bytes(http.begin(), http.end()));
  EXPECT_TRUE(client.receive_all().empty());
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.journal WHERE kind = 'hhu_request_raw' AND note LIKE 'LEN%'"), 1);
  auto terminal = enroll("51010001");
  EXPECT_EQ(over_socket(terminal, txns::echo).code(), "00");
}

TEST_F(FrontEndTest, EveryJournaledFrameMatchesWhatTheClientSentAndReceived) {
  start();
  auto a = enroll("51010001", "127.0.0.2");
  auto b = enroll("51010002", "127.0.0.3");
  std::set<Bytes> sent, received;
  const auto run = [&](hhu::TerminalClient& t, const std::string& ip, std::uint16_t txn, const nlohmann::json& body) {
    const auto request = t.request(txn, body, Clock::now());
    const auto answer = exchange_bytes(ip, port(), request);
    sent.insert(request);
    received.insert(answer);
    return answer;
  };
  a.open(run(a, "127.0.0.2", txns::sign_on, {{"operator_id", "0042"}, {"password", "123456"}}));
  b.open(run(b, "127.0.0.3", txns::sign_on, {{"operator_id", "0042"}, {"password", "wrong!"}}));
  for (int i = 0; i < 3; ++i) a.open(run(a, "127.0.0.2", txns::echo, nlohmann::json::object()));
  run(b, "127.0.0.2", txns::echo, nlohmann::json::object());  // A3: wrong address
  std::set<Bytes> journaled_requests, journaled_responses;
  pqxx::read_transaction tx(db);
  for (const auto& row : tx.exec("SELECT kind, raw FROM mstation.journal WHERE kind LIKE 'hhu_%_raw'")) {
    (row[0].as<std::string>() == "hhu_request_raw" ? journaled_requests : journaled_responses)
        .insert(store::bytes_of(row[1]));
  }
  EXPECT_EQ(journaled_requests, sent);
  EXPECT_EQ(journaled_responses, received);
}

TEST_F(FrontEndTest, SecondConnectionFromTheSameIpBeyondTheLimitIsClosed) {
  auto config = config_json();
  config["terminal_listener"]["max_connections_per_ip"] = 1;
  start(config);
  TcpClient holding("127.0.0.2", port());
  holding.send(Bytes{0x00});  // one byte: the connection is in flight
  TcpClient extra("127.0.0.2", port());
  EXPECT_TRUE(extra.receive_all().empty());
  EXPECT_FALSE(extra.timed_out());
  EXPECT_EQ(daemon->metrics().value("mstation_connections_rejected_total", {{"reason", "max_connections_per_ip"}}), 1);
  auto terminal = enroll("51010003", "127.0.0.3");
  EXPECT_EQ(over_socket(terminal, txns::echo, {}, "127.0.0.3").code(), "00");  // other addresses unaffected
}

TEST_F(FrontEndTest, AdminListenerServesMetricsHealthAndReadiness) {
  start();
  auto terminal = enroll("51010001");
  over_socket(terminal, txns::echo);
  // The frame is counted once its answer has gone: the terminal may hear it first.
  ASSERT_TRUE(eventually(
      [&] { return daemon->metrics().value("mstation_frames_total", {{"txn", "0003"}, {"code", "00"}}) == 1; },
      std::chrono::seconds(10)));
  const auto metrics = http_get(admin_port(), "/metrics");
  EXPECT_NE(metrics.find("HTTP/1.1 200"), std::string::npos);
  EXPECT_NE(metrics.find("mstation_frames_total{txn=\"0003\",code=\"00\"} 1"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("mstation_database_up 1"), std::string::npos);
  EXPECT_NE(metrics.find("mstation_journal_batch_size_count"), std::string::npos);
  EXPECT_NE(http_get(admin_port(), "/healthz").find("200 OK"), std::string::npos);
  EXPECT_NE(http_get(admin_port(), "/readyz").find("200 OK"), std::string::npos);
  EXPECT_NE(http_get(admin_port(), "/nope").find("404"), std::string::npos);
}

TEST_F(FrontEndTest, DatabaseUnreachableClosesWithoutAnswerAndIsNotReady) {
  auto config = config_json();
  config["database"]["conninfo"] = "host=127.0.0.1 port=1 connect_timeout=2";
  start(config);
  auto terminal = enroll("51010001");
  const auto answer =
      exchange_bytes("127.0.0.2", port(), terminal.request(txns::echo, nlohmann::json::object(), Clock::now()));
  EXPECT_TRUE(answer.empty());
  EXPECT_NE(http_get(admin_port(), "/readyz").find("503"), std::string::npos);
  EXPECT_NE(http_get(admin_port(), "/healthz").find("200 OK"), std::string::npos);
}

TEST_F(FrontEndTest, DrainAnswersWhatIsInFlightAndExitsZero) {
  start();
  auto terminal = enroll("51010001");
  const Bytes request = terminal.request(txns::echo, nlohmann::json::object(), Clock::now());
  TcpClient in_flight("127.0.0.2", port());
  in_flight.send(Bytes(request.begin(), request.end() - 1));
  // Connections are accepted in order: once a later one is answered, the
  // first is in flight.
  auto other = enroll("51010003", "127.0.0.3");
  EXPECT_EQ(over_socket(other, txns::echo, {}, "127.0.0.3").code(), "00");
  daemon->request_drain();
  in_flight.send(Bytes(request.end() - 1, request.end()));
  const auto answer = in_flight.receive_all();
  ASSERT_FALSE(answer.empty());
  EXPECT_EQ(terminal.open(answer).code(), "00");
  runner.join();
  EXPECT_EQ(exit_status, 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.journal WHERE kind = 'hhu_response_raw'"), 2);
}

}  // namespace
}  // namespace mstation::test
