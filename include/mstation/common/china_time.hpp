#pragma once
// Business time is China Standard Time (UTC+8, no daylight saving) whatever
// the machine's time zone: the business date (营业日) is the UTC+8 calendar date.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace mstation {

using Clock = std::chrono::system_clock;
using TimePoint = Clock::time_point;

struct CivilTime {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

CivilTime to_china_time(TimePoint t);
// nullopt if the fields do not name a real date and time in 1971–2199.
std::optional<TimePoint> from_china_time(const CivilTime& c);

std::string iso8601_china(TimePoint t);  // 2026-11-28T10:30:15+08:00
std::string business_date(TimePoint t);  // 2026-11-28
std::string compact_china(TimePoint t);  // 20261128103015 (SG186 TXN_TIME)
std::uint32_t business_date_number(TimePoint t);  // 20261128 (SG186 WORK_DATE)
std::uint64_t compact_china_number(TimePoint t);  // 20261128103015

}  // namespace mstation
