#include "mstation/txn/settings.hpp"

namespace mstation::txn {

Settings Settings::from(const config::Config& c) {
  Settings s;
  s.instance = c.station.instance;
  s.frame_timeout = std::chrono::seconds(c.terminal_listener.frame_timeout_s);
  s.key_lifetime = std::chrono::seconds(c.keys.key_lifetime_s);
  s.key_grace = std::chrono::seconds(c.keys.key_grace_s);
  s.clock_skew = std::chrono::seconds(c.keys.clock_skew_s);
  return s;
}

}  // namespace mstation::txn
