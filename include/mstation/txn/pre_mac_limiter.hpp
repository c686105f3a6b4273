#pragma once
// Bounds the work an unauthenticated sender can cause (design.md §2: nobody
// outside the allow-list gets in — and those inside it are not trusted before
// their MAC). A frame that fails before its MAC is verified — unreadable, A6,
// A3, A1, A0 — normally costs a journal commit. From one address, only the
// first `journaled_per_window` such frames of each window are journaled and
// answered; the rest are closed unanswered and only counted, and the counts
// are collected (take_suppressed) for one alert per address
// (pre_mac_flood) and the metric mstation_frames_unjournaled_total. Frames
// whose MAC verifies are never limited here.
//
// Thread-safe. Memory: one small entry per address seen in the window —
// addresses that got this far passed the allow-list, and entries older
// than a window are dropped as they are met.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "mstation/common/china_time.hpp"

namespace mstation::txn {

class PreMacLimiter {
 public:
  PreMacLimiter(std::uint32_t journaled_per_window, std::chrono::seconds window)
      : per_window_(journaled_per_window), window_(window) {}

  // True: journal (and answer) this failure. False: over the limit, count it only.
  bool admit(const std::string& address, TimePoint now);

  struct Suppressed {
    std::string address;
    std::uint64_t frames = 0;
  };
  // The frames counted but not journaled since the last call, by address.
  std::vector<Suppressed> take_suppressed();

 private:
  struct Window {
    TimePoint started;
    std::uint32_t journaled = 0;
  };
  void forget_stale(TimePoint now);

  const std::uint32_t per_window_;
  const std::chrono::seconds window_;
  std::mutex mutex_;
  std::unordered_map<std::string, Window> windows_;
  std::unordered_map<std::string, std::uint64_t> suppressed_;
  TimePoint last_sweep_{};
};

}  // namespace mstation::txn
