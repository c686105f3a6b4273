#pragma once
// timestamptz in and out of libpqxx as microseconds since the Unix epoch, so
// times computed in C++ (with an injectable clock) are stored exactly.
#include <chrono>
#include <cstdint>
#include <optional>
#include <pqxx/field>
#include <string>
#include <string_view>

#include "mstation/common/china_time.hpp"

namespace mstation::store {

inline std::int64_t epoch_us(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

inline TimePoint from_epoch_us(std::int64_t us) {
  return TimePoint(std::chrono::duration_cast<Clock::duration>(std::chrono::microseconds(us)));
}

// Use in SQL as: (timestamptz 'epoch' + $n * interval '1 microsecond') and
// (extract(epoch FROM col) * 1e6)::bigint.
inline std::optional<TimePoint> optional_time(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return from_epoch_us(f.as<std::int64_t>());
}

// SQL for a timestamptz column as ISO 8601 in UTC+8, "2026-11-28T10:30:15+08:00"
// (NULL stays NULL).
inline std::string iso_china_sql(std::string_view column) {
  return "to_char(" + std::string(column) + " AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+08:00\"')";
}

}  // namespace mstation::store
