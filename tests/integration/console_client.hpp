#pragma once
// A script's view of the web console: raw HTTP/1.1 over a real loopback
// socket (one connection per request, Connection: close), logging in
// through the form as a browser does and calling the JSON API with the
// session cookie and, on a POST, the CSRF token. Console users are written
// straight into console_user with a cheap PBKDF2 (the CLI's `user add` is
// tested on its own); each one's password is `password_of(login)`.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <pqxx/pqxx>
#include <regex>
#include <string>

#include "mstation/common/password.hpp"
#include "mstation/store/console_user_store.hpp"
#include "support/tcp_client.hpp"

namespace mstation::test {

struct HttpAnswer {
  int status = 0;
  std::string head;
  std::string body;

  std::string header(const std::string& name) const {
    std::smatch m;
    if (std::regex_search(head, m, std::regex("\r\n" + name + ": ([^\r]*)", std::regex::icase))) return m[1];
    return "";
  }
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
};

inline HttpAnswer parse_answer(const std::vector<std::uint8_t>& bytes) {
  const std::string text(bytes.begin(), bytes.end());
  HttpAnswer a;
  const auto end = text.find("\r\n\r\n");
  a.head = text.substr(0, end);
  a.body = end == std::string::npos ? "" : text.substr(end + 4);
  if (text.size() > 12) a.status = std::stoi(text.substr(9, 3));
  return a;
}

class ConsoleClient {
 public:
  explicit ConsoleClient(std::uint16_t port) : port_(port) {}

  static std::string password_of(const std::string& login) { return login + "-password"; }

  static void add_user(pqxx::connection& db, const std::string& login, const std::string& role,
                       const std::optional<std::string>& station = std::nullopt) {
    store::ConsoleUser u;
    u.login = login;
    u.role = role;
    u.station = station;
    u.password = hash_password(password_of(login), 1000);
    pqxx::work tx(db);
    store::insert_console_user(tx, u);
    tx.commit();
  }

  HttpAnswer request(const std::string& method, const std::string& target, const std::string& body = "",
                     const std::string& extra_headers = "", const std::string& content_type = "application/json",
                     const std::string& from_ip = "127.0.0.1") const {
    TcpClient client(from_ip, port_);
    std::string text = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extra_headers;
    if (method == "POST") {
      text += "Content-Type: " + content_type + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    }
    text += "\r\n" + body;
    client.send(Bytes(text.begin(), text.end()));
    return parse_answer(client.receive_all());
  }

  HttpAnswer log_in(const std::string& login, const std::string& password) const {
    return request("POST", "/login", "login=" + login + "&password=" + password, "",
                   "application/x-www-form-urlencoded");
  }

  // The session cookie's "mst_session=…" pair, after logging in with the right password.
  std::string session(const std::string& login) const {
    const auto a = log_in(login, password_of(login));
    std::smatch m;
    const auto cookie = a.header("Set-Cookie");
    EXPECT_TRUE(std::regex_search(cookie, m, std::regex("mst_session=[0-9a-f]{64}"))) << a.head;
    return m[0];
  }

  std::string csrf_of(const std::string& cookie) const {
    return request("GET", "/api/me", "", "Cookie: " + cookie + "\r\n").json()["csrf_token"];
  }

  HttpAnswer get(const std::string& cookie, const std::string& target) const {
    return request("GET", target, "", "Cookie: " + cookie + "\r\n");
  }

  // A state-changing call as the console's pages make it: cookie and CSRF token.
  HttpAnswer post(const std::string& cookie, const std::string& target, const nlohmann::json& body) const {
    return request("POST", target, body.dump(), "Cookie: " + cookie + "\r\nX-CSRF-Token: " + csrf_of(cookie) + "\r\n");
  }

 private:
  std::uint16_t port_;
};

}  // namespace mstation::test
