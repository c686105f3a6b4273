#pragma once
// A blocking test client on plain sockets, bound to a chosen loopback
// address (127.0.0.2, 127.0.0.3 … as distinct terminal IPs), with a receive
// timeout as its watchdog.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace mstation::test {

class TcpClient {
 public:
  TcpClient(const std::string& local_ip, std::uint16_t port, std::chrono::seconds watchdog = std::chrono::seconds(20));
  ~TcpClient();
  TcpClient(const TcpClient&) = delete;
  TcpClient& operator=(const TcpClient&) = delete;

  void send(const std::vector<std::uint8_t>& bytes);
  // Everything until the server closes (or the watchdog fires: timed_out()).
  std::vector<std::uint8_t> receive_all();
  bool timed_out() const { return timed_out_; }

 private:
  int fd_ = -1;
  bool timed_out_ = false;
};

// One request, its whole answer.
std::vector<std::uint8_t> exchange_bytes(const std::string& local_ip, std::uint16_t port,
                                         const std::vector<std::uint8_t>& request);

// A GET to the admin listener; returns status line + body.
std::string http_get(std::uint16_t port, const std::string& target);

}  // namespace mstation::test
