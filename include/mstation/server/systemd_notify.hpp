#pragma once
// The sd_notify protocol (Type=notify, watchdog) without libsystemd: one
// datagram to the socket named by NOTIFY_SOCKET. Does nothing when the
// variable is unset (not run by systemd).
#include <chrono>
#include <optional>
#include <string_view>

namespace mstation::server {

bool notify_systemd(std::string_view state);  // e.g. "READY=1", "STOPPING=1", "WATCHDOG=1"

// Half of WATCHDOG_USEC if systemd asked for watchdog pings.
std::optional<std::chrono::microseconds> watchdog_interval();

}  // namespace mstation::server
