#pragma once
// Waits for a condition that another thread or process brings about (a
// metric, a journal row), checking it every 20 ms; false once `watchdog`
// has passed. The condition is the synchronisation, the watchdog the bound.
#include <chrono>
#include <functional>
#include <thread>

namespace mstation::test {

inline bool eventually(const std::function<bool()>& condition, std::chrono::seconds watchdog) {
  const auto give_up = std::chrono::steady_clock::now() + watchdog;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

}  // namespace mstation::test
