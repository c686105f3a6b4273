#include "mstation/server/connection_limits.hpp"

namespace mstation::server {

std::variant<std::unique_ptr<ConnectionLimits::Slot>, ConnectionLimits::Refusal> ConnectionLimits::acquire(
    const std::string& ip) {
  {
    std::lock_guard lock(mutex_);
    if (total_ >= max_total_) return Refusal::total;
    auto& mine = per_ip_[ip];
    if (mine >= max_per_ip_) return Refusal::per_ip;
    ++mine;
    ++total_;
  }
  return std::make_unique<Slot>(shared_from_this(), ip);
}

std::size_t ConnectionLimits::active() const {
  std::lock_guard lock(mutex_);
  return total_;
}

void ConnectionLimits::release(const std::string& ip) {
  std::lock_guard lock(mutex_);
  --total_;
  if (--per_ip_[ip] == 0) per_ip_.erase(ip);
}

}  // namespace mstation::server
