#include "mstation/txn/pre_mac_limiter.hpp"

namespace mstation::txn {

bool PreMacLimiter::admit(const std::string& address, TimePoint now) {
  std::lock_guard lock(mutex_);
  forget_stale(now);
  auto& w = windows_[address];
  if (w.journaled == 0 || now - w.started >= window_ || now < w.started) {  // a new window (or the clock stepped back)
    w.started = now;
    w.journaled = 0;
  }
  if (w.journaled < per_window_) {
    ++w.journaled;
    return true;
  }
  ++suppressed_[address];
  return false;
}

std::vector<PreMacLimiter::Suppressed> PreMacLimiter::take_suppressed() {
  std::lock_guard lock(mutex_);
  std::vector<Suppressed> out;
  out.reserve(suppressed_.size());
  for (auto& [address, frames] : suppressed_) out.push_back({address, frames});
  suppressed_.clear();
  return out;
}

// Once a window, entries whose window has passed go: they would start afresh anyway.
void PreMacLimiter::forget_stale(TimePoint now) {
  if (now - last_sweep_ < window_) return;
  last_sweep_ = now;
  std::erase_if(windows_, [&](const auto& entry) { return now - entry.second.started >= window_; });
}

}  // namespace mstation::txn
