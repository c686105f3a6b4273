#pragma once
// The pause of a background loop (the SAF worker, the watches, the
// checkpoint writer) that the draining thread can end. An Asio timer is not
// thread-safe: cancelling it from the thread that drains while the loop, on
// another io thread, sets its expiry is a data race (ThreadSanitizer found
// it). So the loop runs on this timer's strand (co_spawn it on executor()),
// and stop() cancels the timer there. Either the cancel runs before the
// loop's next pause — which then sees stopping() and returns at once — or
// during it, and wakes it.
#include <atomic>
#include <chrono>

#include "mstation/common/asio.hpp"

namespace mstation {

class LoopTimer {
 public:
  using Strand = asio::strand<asio::io_context::executor_type>;

  explicit LoopTimer(asio::io_context& io) : strand_(asio::make_strand(io)), timer_(strand_) {}

  // Where the loop must run: the timer is only ever touched there.
  Strand executor() const { return strand_; }

  // Waits `pause` or until stop(); true if the loop should go on. Await it
  // into a named bool: g++ 12 miscompiles co_await in a loop's condition.
  asio::awaitable<bool> pause(std::chrono::steady_clock::duration pause) {
    if (stopping_) co_return false;
    timer_.expires_after(pause);
    boost::system::error_code ignored;  // cancelled by stop()
    co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    co_return !stopping_;
  }

  // From any thread.
  void stop() {
    stopping_ = true;
    asio::post(strand_, [this] { timer_.cancel(); });
  }

  bool stopping() const { return stopping_; }

 private:
  Strand strand_;
  asio::steady_timer timer_;
  std::atomic<bool> stopping_{false};
};

}  // namespace mstation
