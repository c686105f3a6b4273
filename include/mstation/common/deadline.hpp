#pragma once
// Cancels a socket's pending operations when the deadline passes, so one
// timer bounds a whole sequence of reads and writes; the coroutine sees
// operation_aborted and asks expired(). The timer's handler may already be
// queued when the Deadline is dropped; it runs on the same executor and
// checks `done` before touching the socket.
#include <chrono>
#include <memory>

#include "mstation/common/asio.hpp"

#ifndef MSTATION_NO_COROUTINES

namespace mstation {

class Deadline {
 public:
  Deadline(asio::ip::tcp::socket& socket, std::chrono::steady_clock::duration after) : timer_(socket.get_executor()) {
    timer_.expires_after(after);
    timer_.async_wait([&socket, state = state_](boost::system::error_code ec) {
      if (ec || state->done) return;
      state->expired = true;
      boost::system::error_code ignored;
      socket.cancel(ignored);
    });
  }
  ~Deadline() {
    state_->done = true;
    timer_.cancel();
  }
  Deadline(const Deadline&) = delete;
  Deadline& operator=(const Deadline&) = delete;
  bool expired() const { return state_->expired; }

 private:
  struct State {
    bool expired = false;
    bool done = false;
  };
  asio::steady_timer timer_;
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

}  // namespace mstation

#endif
