#pragma once
// Bounds what one address may cost per window: the first `per_window`
// events of each window from an address are admitted, the rest only
// counted, and the counts collected (take_suppressed) for one alert or log
// line per address. Used for the terminals' failures before their MAC is
// verified (txn/request_processor.hpp: pre_mac_flood) and for console
// login attempts (web/console_guard.hpp).
//
// Thread-safe. Memory: one small entry per address seen in the window;
// entries older than a window are dropped as they are met.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "mstation/common/china_time.hpp"

namespace mstation {

class AddressWindowLimiter {
 public:
  AddressWindowLimiter(std::uint32_t per_window, std::chrono::seconds window)
      : per_window_(per_window), window_(window) {}

  // True: within the limit, go ahead. False: over it; only counted.
  bool admit(const std::string& address, TimePoint now);

  struct Suppressed {
    std::string address;
    std::uint64_t events = 0;
  };
  // The events refused since the last call, by address.
  std::vector<Suppressed> take_suppressed();

 private:
  struct Window {
    TimePoint started;
    std::uint32_t admitted = 0;
  };
  void forget_stale(TimePoint now);

  const std::uint32_t per_window_;
  const std::chrono::seconds window_;
  std::mutex mutex_;
  std::unordered_map<std::string, Window> windows_;
  std::unordered_map<std::string, std::uint64_t> suppressed_;
  TimePoint last_sweep_{};
};

}  // namespace mstation
