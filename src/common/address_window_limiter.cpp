#include "mstation/common/address_window_limiter.hpp"

namespace mstation {

bool AddressWindowLimiter::admit(const std::string& address, TimePoint now) {
  std::lock_guard lock(mutex_);
  forget_stale(now);
  auto& w = windows_[address];
  if (w.admitted == 0 || now - w.started >= window_ || now < w.started) {  // a new window (or the clock stepped back)
    w.started = now;
    w.admitted = 0;
  }
  if (w.admitted < per_window_) {
    ++w.admitted;
    return true;
  }
  ++suppressed_[address];
  return false;
}

std::vector<AddressWindowLimiter::Suppressed> AddressWindowLimiter::take_suppressed() {
  std::lock_guard lock(mutex_);
  std::vector<Suppressed> out;
  out.reserve(suppressed_.size());
  for (auto& [address, events] : suppressed_) out.push_back({address, events});
  suppressed_.clear();
  return out;
}

// Once a window, entries whose window has passed go: they would start afresh anyway.
void AddressWindowLimiter::forget_stale(TimePoint now) {
  if (now - last_sweep_ < window_) return;
  last_sweep_ = now;
  std::erase_if(windows_, [&](const auto& entry) { return now - entry.second.started >= window_; });
}

}  // namespace mstation
