#pragma once
// The parts of the configuration the request pipeline needs.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "mstation/config/config.hpp"
#include "mstation/tariff/tariff.hpp"

namespace mstation::txn {

struct Settings {
  std::string instance = "ms1";
  std::chrono::seconds frame_timeout{30};
  std::chrono::seconds key_lifetime{86400};
  std::chrono::seconds key_grace{300};
  std::chrono::seconds clock_skew{900};
  std::string agency_code = "510100000001";  // AGENCY of our SG186 requests
  std::string sg186_peer;                    // "host:port", for the journal
  std::chrono::milliseconds sg186_exchange_timeout{15000};
  std::int64_t max_payment_fen = 5'000'000;
  std::int64_t max_cash_in_transit_fen = 20'000'000;
  std::shared_ptr<const tariff::TariffBook> tariffs;  // for BILL_ESTIMATE; null: no tariffs file
  std::uint32_t pre_mac_journal_per_minute = 30;       // pre_mac_limiter.hpp

  // Throws std::runtime_error if the tariffs file cannot be read.

  static Settings from(const config::Config& c);
};

// How long after a record was last written no process can still be working
// on it: a terminal's wait (frame_timeout), two SG186 exchanges and a minute
// of slack. The SAF worker's sweep and reconciliation trust nothing younger.
std::chrono::seconds no_original_alive_after(const config::Config& c);

// hhu-protocol.md §3: SUITE 01 bundles are retired after 2^20 cipher blocks.
inline constexpr std::int64_t tdea_block_limit = std::int64_t{1} << 20;
// §6 code 56: this many wrong passwords within the window lock the operator.
inline constexpr int lockout_failures = 5;
inline constexpr std::chrono::minutes lockout_window{15};
inline constexpr std::chrono::minutes lockout_duration{15};
// Failed sign-ons of any operator id on one terminal within lockout_window
// before the terminal is refused sign-on with no password work (migration 009).
inline constexpr int terminal_sign_on_failures_allowed = 10;

}  // namespace mstation::txn
