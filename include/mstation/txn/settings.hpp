#pragma once
// The parts of the configuration the request pipeline needs.
#include <chrono>
#include <string>

#include "mstation/config/config.hpp"

namespace mstation::txn {

struct Settings {
  std::string instance = "ms1";
  std::chrono::seconds frame_timeout{30};
  std::chrono::seconds key_lifetime{86400};
  std::chrono::seconds key_grace{300};
  std::chrono::seconds clock_skew{900};

  static Settings from(const config::Config& c);
};

// hhu-protocol.md §3: SUITE 01 bundles are retired after 2^20 cipher blocks.
inline constexpr std::int64_t tdea_block_limit = std::int64_t{1} << 20;
// §6 code 56: this many wrong passwords within the window lock the operator.
inline constexpr int lockout_failures = 5;
inline constexpr std::chrono::minutes lockout_window{15};
inline constexpr std::chrono::minutes lockout_duration{15};

}  // namespace mstation::txn
