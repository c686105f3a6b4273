#pragma once
// A stand-in for the master station's terminal listener, for hhu-sim's tests
// while the real transactions are being written: it speaks HHU/1 (frames,
// keys, sign-on) and leaves each business answer to a callback.
#include <cstdint>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "mstation/common/asio.hpp"
#include "mstation/common/secret.hpp"
#include "mstation/hhu/crypto.hpp"

namespace mstation::test {

struct ReceivedRequest {
  std::uint32_t seq = 0;
  std::uint16_t txn = 0;
  nlohmann::json body;
};

class FakeHhuStation {
 public:
  // The response payload (code and message included) for a request other than SIGN_ON.
  using Answer = std::function<nlohmann::json(const ReceivedRequest&)>;

  // Listens on 127.0.0.1, port 0, in a thread of its own.
  FakeHhuStation(hhu::Suite suite, SecretBytes tmk, Answer answer);
  ~FakeHhuStation();
  FakeHhuStation(const FakeHhuStation&) = delete;
  FakeHhuStation& operator=(const FakeHhuStation&) = delete;

  std::uint16_t port() const { return port_; }
  std::vector<ReceivedRequest> received() const;

 private:
  void do_accept();
  void serve(asio::ip::tcp::socket& socket);
  nlohmann::json sign_on(const ReceivedRequest& request);

  hhu::Suite suite_;
  SecretBytes tmk_;
  Answer answer_;
  SecretBytes tdk_;
  SecretBytes tak_;
  std::uint8_t key_version_ = 0;
  asio::io_context io_;
  asio::ip::tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  mutable std::mutex mutex_;
  std::vector<ReceivedRequest> received_;
  std::thread thread_;
};

}  // namespace mstation::test
