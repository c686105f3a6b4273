#pragma once
// How long an accept loop waits after a failed accept. Out of file
// descriptors (EMFILE, ENFILE) or kernel memory (ENOBUFS, ENOMEM), the
// pending connection stays in the backlog and an immediate retry fails
// again at once: the loop would spin a core while the daemon is at its
// limit. Those back off, doubling from 10 ms to 1 s and reset by the next
// accept that succeeds; anything else (a peer that reset before accept)
// retries at once.
#include <algorithm>
#include <cerrno>
#include <chrono>

#include "mstation/common/asio.hpp"

namespace mstation {

class AcceptBackoff {
 public:
  static constexpr std::chrono::milliseconds first{10};
  static constexpr std::chrono::milliseconds longest{1000};

  // True for the failures that mean "out of resources".
  static bool exhausted(const boost::system::error_code& ec) {
    if (ec.category() != boost::system::system_category()) return false;
    const int e = ec.value();
    return e == EMFILE || e == ENFILE || e == ENOBUFS || e == ENOMEM;
  }

  // The pause before the next accept after `ec` (zero: at once).
  std::chrono::milliseconds after_failure(const boost::system::error_code& ec) {
    if (!exhausted(ec)) return std::chrono::milliseconds{0};
    delay_ = delay_.count() == 0 ? first : std::min(delay_ * 2, longest);
    return delay_;
  }

  void succeeded() { delay_ = std::chrono::milliseconds{0}; }

 private:
  std::chrono::milliseconds delay_{0};
};

#ifndef MSTATION_NO_COROUTINES
// The accept loops' pause: waits `pause` on the calling coroutine's executor.
inline asio::awaitable<void> pause_accepting(std::chrono::milliseconds pause) {
  asio::steady_timer timer(co_await asio::this_coro::executor, pause);
  boost::system::error_code ignored;  // cancelled with the io_context: the loop then sees the closed acceptor
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
}
#endif

}  // namespace mstation
