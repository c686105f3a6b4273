#include "mstation/recon/schedule.hpp"

#include "mstation/common/civil_date.hpp"

namespace mstation::recon {

std::uint32_t previous_business_date(TimePoint now) { return add_days(business_date_number(now), -1); }

TimePoint at_china_time(TimePoint now, const std::string& time_of_day) {
  auto c = to_china_time(now);
  c.hour = std::stoi(time_of_day.substr(0, 2));
  c.minute = std::stoi(time_of_day.substr(3, 2));
  c.second = time_of_day.size() >= 8 ? std::stoi(time_of_day.substr(6, 2)) : 0;
  return from_china_time(c).value_or(now);  // the configuration checked the format
}

std::chrono::seconds wait_backoff(int attempt) {
  if (attempt <= 1) return std::chrono::seconds(0);
  const int doublings = std::min(attempt - 2, 6);
  return std::min(std::chrono::seconds(1 << doublings), std::chrono::seconds(60));
}

std::optional<std::uint32_t> nightly_due(TimePoint now, const std::string& time_of_day) {
  if (now < at_china_time(now, time_of_day)) return std::nullopt;
  return previous_business_date(now);
}

}  // namespace mstation::recon
