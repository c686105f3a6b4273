// The web console's listener through real sockets: logging in (and the
// lockout), sessions, CSRF, office scoping, bounded requests and the
// journal rows it leaves. The pages themselves are tested in a real
// browser (tests/browser, ctest Console.BrowserTests).
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "console_client.hpp"
#include "mstation/store/alert_store.hpp"
#include "server_fixture.hpp"
#include "support/eventually.hpp"

namespace mstation::test {
namespace {

class ConsoleTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    auto c = config_json();
    c["database"]["admin_conninfo"] = database.admin_conninfo();
    c["web_listener"] = {{"address", "127.0.0.1"},        {"port", 0},
                         {"idle_timeout_s", 60},             {"max_connections_per_ip", max_connections_per_ip},
                         {"login_attempts_per_minute", logins_per_minute}};
    start(c);
    add_user("ops1", "ops", std::nullopt);
    add_user("office1", "office", "城关供电所");
  }

  void add_user(const std::string& login, const std::string& role, const std::optional<std::string>& station) {
    ConsoleClient::add_user(db, login, role, station);
  }
  static std::string password_of(const std::string& login) { return ConsoleClient::password_of(login); }
  std::uint16_t web_port() const { return daemon->web_endpoint()->port(); }
  ConsoleClient web() const { return ConsoleClient(web_port()); }
  static constexpr int max_connections_per_ip = 4;
  static constexpr int logins_per_minute = 12;

  int admin_rows(const std::string& action) {
    pqxx::work tx(db);
    return tx.exec_params1("SELECT count(*) FROM mstation.audit_admin_action WHERE action = $1", action)[0].as<int>();
  }

  std::int64_t open_alert() {
    pqxx::work tx(db);
    store::raise_alert(tx, store::Severity::warning, "test_alert", "s1", "something to look at");
    const auto id = tx.exec1("SELECT max(alert_id) FROM mstation.alert")[0].as<std::int64_t>();
    tx.commit();
    return id;
  }
};

TEST_F(ConsoleTest, TheRightPasswordGivesAnHttpOnlyStrictSessionCookieAndIsJournaled) {
  const auto a = web().log_in("ops1", password_of("ops1"));
  EXPECT_EQ(a.status, 303);
  EXPECT_EQ(a.header("Location"), "/console");
  const auto cookie = a.header("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "plain HTTP: no Secure";
  EXPECT_EQ(admin_rows("console_login"), 1);
}

TEST_F(ConsoleTest, AWrongPasswordGetsNoCookieTheLoginPageAgainAndAJournalRow) {
  const auto a = web().log_in("ops1", "not-the-password");
  EXPECT_EQ(a.status, 303);
  EXPECT_EQ(a.header("Location"), "/?failed=1");
  EXPECT_EQ(a.header("Set-Cookie"), "");
  EXPECT_EQ(admin_rows("console_login_failed"), 1);
}

TEST_F(ConsoleTest, FiveWrongPasswordsInARowLockTheLoginEvenAgainstTheRightOne) {
  for (int i = 0; i < 5; ++i) EXPECT_EQ(web().log_in("ops1", "wrong").header("Location"), "/?failed=1");
  EXPECT_EQ(web().log_in("ops1", password_of("ops1")).header("Location"), "/?failed=1");
  pqxx::work tx(db);
  const auto user = store::find_console_user(tx, "ops1");
  ASSERT_TRUE(user);
  EXPECT_EQ(user->failed_logins, 5);
  EXPECT_TRUE(user->locked_until.has_value());
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM mstation.audit_admin_action WHERE action = 'console_login_failed' "
                     "AND after->>'why' LIKE 'locked%'")[0]
                .as<int>(),
            1);
}

TEST_F(ConsoleTest, AfterALockoutHasRunOutOneWrongPasswordDoesNotLockTheLoginAgain) {
  for (int i = 0; i < 5; ++i) web().log_in("ops1", "wrong");
  {
    pqxx::work tx(db);
    tx.exec("UPDATE mstation.console_user SET locked_until = now() - interval '1 second' WHERE login = 'ops1'");
    tx.commit();
  }
  EXPECT_EQ(web().log_in("ops1", "wrong again").header("Location"), "/?failed=1");
  {
    pqxx::work tx(db);
    const auto user = store::find_console_user(tx, "ops1");
    EXPECT_EQ(user->failed_logins, 1) << "counted afresh";
    EXPECT_FALSE(user->locked_until.has_value());
  }
  EXPECT_EQ(web().log_in("ops1", password_of("ops1")).header("Location"), "/console");
}

TEST_F(ConsoleTest, EveryRefusedLoginIsJournaledEvenWithAnEmptyOrOverlongPasswordOrNoLogin) {
  EXPECT_EQ(web().log_in("ops1", "").header("Location"), "/?failed=1");
  EXPECT_EQ(web().log_in("ops1", std::string(300, 'p')).header("Location"), "/?failed=1");
  EXPECT_EQ(web().log_in("", "something").header("Location"), "/?failed=1");
  EXPECT_EQ(admin_rows("console_login_failed"), 3);
}

TEST_F(ConsoleTest, LoginAttemptsOverThePerAddressLimitAreTurnedAwayUncheckedAndUnjournaled) {
  for (int i = 0; i < logins_per_minute; ++i) EXPECT_EQ(web().log_in("ops1", "guess").header("Location"), "/?failed=1");
  EXPECT_EQ(web().log_in("ops1", password_of("ops1")).header("Location"), "/?busy=1") << "not even the right one";
  EXPECT_EQ(admin_rows("console_login_failed"), logins_per_minute);
  EXPECT_EQ(admin_rows("console_login"), 0);
  const auto page = web().request("GET", "/?busy=1");
  EXPECT_NE(page.body.find("id=\"login-busy\""), std::string::npos) << "the login page can say why";
}

TEST_F(ConsoleTest, ConnectionsOverThePerAddressLimitAreClosedAtAcceptAndOtherAddressesAreServed) {
  std::vector<std::unique_ptr<TcpClient>> held;
  for (int i = 0; i < max_connections_per_ip; ++i) held.push_back(std::make_unique<TcpClient>("127.0.0.1", web_port()));
  // The listener admits in order; one more from the same address is closed unread.
  bool refused = eventually(
      [&] {
        TcpClient extra("127.0.0.1", web_port(), std::chrono::seconds(5));
        const std::string get = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        extra.send(Bytes(get.begin(), get.end()));
        return extra.receive_all().empty() && !extra.timed_out();
      },
      std::chrono::seconds(10));
  EXPECT_TRUE(refused);
  EXPECT_EQ(web().request("GET", "/", "", "", "application/json", "127.0.0.2").status, 200) << "another address";
  held.clear();  // their slots come back as the server sees them close
  EXPECT_TRUE(eventually([&] { return web().request("GET", "/").status == 200; }, std::chrono::seconds(10)));
}

TEST_F(ConsoleTest, AHeadIsAnsweredWithTheHeadersOnlySoTheNextAnswerOnTheConnectionIsNotCorrupted) {
  TcpClient client("127.0.0.1", web_port());
  const std::string two = "HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Connection: close\r\n\r\n";
  client.send(Bytes(two.begin(), two.end()));
  const auto bytes = client.receive_all();
  const std::string text(bytes.begin(), bytes.end());
  const auto first_end = text.find("\r\n\r\n");
  ASSERT_NE(first_end, std::string::npos) << text;
  EXPECT_EQ(text.substr(0, 15), "HTTP/1.1 200 OK");
  EXPECT_NE(text.substr(0, first_end).find("Content-Length: "), std::string::npos);
  EXPECT_EQ(text.substr(first_end + 4, 15), "HTTP/1.1 200 OK") << "no body after the HEAD's headers";
  EXPECT_NE(text.find("id=\"login\""), std::string::npos) << "the GET has its body";
}

TEST_F(ConsoleTest, TheApiWithoutASessionAnswers401AndTheConsolePageRedirectsToTheLogin) {
  EXPECT_EQ(web().request("GET", "/api/overview").status, 401);
  const auto page = web().request("GET", "/console");
  EXPECT_EQ(page.status, 303);
  EXPECT_EQ(page.header("Location"), "/");
  const auto login = web().request("GET", "/");
  EXPECT_EQ(login.status, 200);
  EXPECT_NE(login.body.find("action=\"/login\""), std::string::npos);
  EXPECT_NE(login.header("Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(login.header("X-Frame-Options"), "DENY");
}

TEST_F(ConsoleTest, APostWithoutTheCsrfTokenIsRefusedAndTheAlertStaysOpen) {
  const auto id = open_alert();
  const auto cookie = web().session("ops1");
  const auto target = "/api/alerts/" + std::to_string(id) + "/ack";
  const auto refused = web().request("POST", target, R"({"reason":"seen"})", "Cookie: " + cookie + "\r\n");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(nlohmann::json::parse(refused.body)["code"], "csrf");
  EXPECT_EQ(admin_rows("alert_ack"), 0);
  const auto done = web().post(cookie, target, {{"reason", "seen"}});
  EXPECT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(admin_rows("alert_ack"), 1);
  const auto again = web().post(cookie, target, {{"reason", "seen"}});
  EXPECT_EQ(again.status, 409) << "acknowledged once only";
}

TEST_F(ConsoleTest, AnOfficeUserIsRefusedStationWidePagesAndSeesOnlyItsOwnTerminals) {
  enroll("51010001", "127.0.0.2", hhu::Suite::tdea, "城关供电所");
  enroll("51020001", "127.0.0.3", hhu::Suite::tdea, "河西供电所");
  const auto office = web().session("office1");
  EXPECT_EQ(web().get(office, "/api/alerts").status, 403);
  EXPECT_EQ(web().get(office, "/api/recon/runs").status, 403);
  const auto terminals = web().get(office, "/api/terminals");
  ASSERT_EQ(terminals.status, 200);
  EXPECT_NE(terminals.body.find("51010001"), std::string::npos);
  EXPECT_EQ(terminals.body.find("51020001"), std::string::npos) << terminals.body;
  const auto all = web().get(web().session("ops1"), "/api/terminals");
  EXPECT_NE(all.body.find("51020001"), std::string::npos);
}

TEST_F(ConsoleTest, AnOversizedRequestIsRefusedAndTheConsoleKeepsServing) {
  const std::string big(200 * 1024, 'x');
  const auto refused = web().request("POST", "/login", "login=ops1&password=" + big, "", "application/x-www-form-urlencoded");
  EXPECT_EQ(refused.status, 413) << "told, and never read as a login";
  const auto headers = web().request("GET", "/", "", "X-Filler: " + std::string(20 * 1024, 'h') + "\r\n");
  EXPECT_EQ(headers.status, 431);
  EXPECT_EQ(web().log_in("ops1", password_of("ops1")).header("Location"), "/console");
}

TEST_F(ConsoleTest, LoggingOutEndsTheSession) {
  const auto cookie = web().session("ops1");
  const auto csrf = web().csrf_of(cookie);
  EXPECT_EQ(web().request("POST", "/logout", "csrf=" + csrf, "Cookie: " + cookie + "\r\n", "application/x-www-form-urlencoded")
                .status,
            303);
  EXPECT_EQ(web().get(cookie, "/api/me").status, 401);
}

}  // namespace
}  // namespace mstation::test
