#include "tcp_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace mstation::test {

TcpClient::TcpClient(const std::string& local_ip, std::uint16_t port, std::chrono::seconds watchdog) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::runtime_error("socket failed");
  timeval tv{static_cast<time_t>(watchdog.count()), 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  ::inet_pton(AF_INET, local_ip.c_str(), &local.sin_addr);
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
    throw std::runtime_error("bind to " + local_ip + " failed: " + std::strerror(errno));
  }
  sockaddr_in remote{};
  remote.sin_family = AF_INET;
  remote.sin_port = htons(port);
  ::inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&remote), sizeof remote) != 0) {
    throw std::runtime_error(std::string("connect failed: ") + std::strerror(errno));
  }
}

TcpClient::~TcpClient() {
  if (fd_ >= 0) ::close(fd_);
}

void TcpClient::send(const std::vector<std::uint8_t>& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;  // the server may close first (refusals): the test judges by what comes back
    sent += static_cast<std::size_t>(n);
  }
}

std::vector<std::uint8_t> TcpClient::receive_all() {
  std::vector<std::uint8_t> out;
  std::uint8_t buffer[4096];
  while (true) {
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n > 0) {
      out.insert(out.end(), buffer, buffer + n);
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) timed_out_ = true;
    return out;  // 0: closed; ECONNRESET: closed hard
  }
}

std::vector<std::uint8_t> exchange_bytes(const std::string& local_ip, std::uint16_t port,
                                         const std::vector<std::uint8_t>& request) {
  TcpClient client(local_ip, port);
  client.send(request);
  return client.receive_all();
}

std::string http_get(std::uint16_t port, const std::string& target) {
  TcpClient client("127.0.0.1", port);
  const std::string request = "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
  client.send(std::vector<std::uint8_t>(request.begin(), request.end()));
  const auto bytes = client.receive_all();
  return std::string(bytes.begin(), bytes.end());
}

}  // namespace mstation::test
