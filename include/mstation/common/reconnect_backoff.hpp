#pragma once
// When a pool of threads may try to reach a lost server again. While the
// server is down, one attempt is made per window, by whichever thread claims
// it first; the others fail at once without trying. Each failed attempt
// doubles the window, from 250 ms to 5 s; failures of threads that did not
// claim an attempt change nothing. (A window that grew with every thread's
// failure reached its cap after one outage and kept a restarted PostgreSQL
// unused for half a minute.) Not thread-safe: the caller holds its lock.
#include <algorithm>
#include <chrono>

namespace mstation {

class ReconnectBackoff {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::milliseconds first{250};
  static constexpr std::chrono::milliseconds longest{5000};

  // The server was seen lost: the next attempt may be made at once.
  void lost(Clock::time_point now) {
    if (down_) return;
    down_ = true;
    window_ = first;
    next_ = now;
  }

  // True if the caller may try now (it then owns this window's attempt).
  bool claim(Clock::time_point now) {
    if (!down_) return true;
    if (now < next_) return false;
    next_ = now + window_;
    window_ = std::min(window_ * 2, longest);
    return true;
  }

  void reached() { down_ = false; }
  bool down() const { return down_; }

 private:
  bool down_ = false;
  Clock::time_point next_{};
  std::chrono::milliseconds window_{first};
};

}  // namespace mstation
