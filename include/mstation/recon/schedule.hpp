#pragma once
// Dates and times of reconciliation (design.md §6), all in China Standard
// Time: which business date a run is for, when --wait gives up, how long it
// pauses between attempts, and when the nightly job is due. Pure.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "mstation/common/china_time.hpp"

namespace mstation::recon {

// The business date before the one `now` falls in.
std::uint32_t previous_business_date(TimePoint now);

// `time_of_day` ("HH:MM" or "HH:MM:SS", UTC+8) on the UTC+8 calendar date of `now`.
TimePoint at_china_time(TimePoint now, const std::string& time_of_day);

// The pause before attempt `attempt` (2, 3, …) of a waiting run: 1, 2, 4 … 60 s.
std::chrono::seconds wait_backoff(int attempt);

// The date the nightly job reconciles if it is due at `now`: the previous
// business date, once today's `time_of_day` has come.
std::optional<std::uint32_t> nightly_due(TimePoint now, const std::string& time_of_day);

}  // namespace mstation::recon
