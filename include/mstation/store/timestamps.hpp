#pragma once
// timestamptz in and out of libpqxx as microseconds since the Unix epoch, so
// times computed in C++ (with an injectable clock) are stored exactly.
#include <chrono>
#include <cstdint>
#include <optional>
#include <pqxx/field>

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

}  // namespace mstation::store
