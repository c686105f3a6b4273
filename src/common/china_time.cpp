#include "mstation/common/china_time.hpp"

#include <fmt/format.h>

namespace mstation {
namespace {

constexpr auto utc_offset = std::chrono::hours(8);

}  // namespace

CivilTime to_china_time(TimePoint t) {
  using namespace std::chrono;
  const auto local = floor<seconds>(t) + utc_offset;
  const auto day = floor<days>(local);
  const year_month_day ymd(day);
  const hh_mm_ss hms(local - day);
  return {static_cast<int>(ymd.year()),  static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day())), static_cast<int>(hms.hours().count()),
          static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count())};
}

std::optional<TimePoint> from_china_time(const CivilTime& c) {
  using namespace std::chrono;
  // system_clock counts nanoseconds in 64 bits: about 1678–2262. Anything
  // outside this narrower range is a broken clock, not a date to compute with.
  if (c.year < 1971 || c.year > 2199) return std::nullopt;
  const year_month_day ymd(year(c.year), month(static_cast<unsigned>(c.month)), day(static_cast<unsigned>(c.day)));
  if (!ymd.ok() || c.hour < 0 || c.hour > 23 || c.minute < 0 || c.minute > 59 || c.second < 0 || c.second > 59) {
    return std::nullopt;
  }
  const auto local = sys_days(ymd) + hours(c.hour) + minutes(c.minute) + seconds(c.second);
  return TimePoint(local - utc_offset);
}

std::string iso8601_china(TimePoint t) {
  const auto c = to_china_time(t);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+08:00", c.year, c.month, c.day, c.hour, c.minute, c.second);
}

std::string business_date(TimePoint t) {
  const auto c = to_china_time(t);
  return fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
}

std::string compact_china(TimePoint t) {
  const auto c = to_china_time(t);
  return fmt::format("{:04}{:02}{:02}{:02}{:02}{:02}", c.year, c.month, c.day, c.hour, c.minute, c.second);
}

std::uint32_t business_date_number(TimePoint t) {
  const auto c = to_china_time(t);
  return static_cast<std::uint32_t>(c.year * 10000 + c.month * 100 + c.day);
}

std::uint64_t compact_china_number(TimePoint t) {
  const auto c = to_china_time(t);
  return std::uint64_t{business_date_number(t)} * 1000000 +
         static_cast<std::uint64_t>(c.hour * 10000 + c.minute * 100 + c.second);
}

}  // namespace mstation
