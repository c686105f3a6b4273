#pragma once
// A plausible new reading for a meter: the last one plus some consumption,
// rolling over like the register does.
#include <cstdint>

namespace mstation::hhu_sim {

struct NewReading {
  std::int64_t reading = 0;  // 0.01 kWh
  std::int64_t status = 0;   // 0 normal, 1 the register rolled over
};

// `last_reading` advanced by `advance` (both 0.01 kWh) on a register of
// `register_digits` whole-kWh digits; an implausible digit count never rolls over.
NewReading advanced_reading(std::int64_t last_reading, std::int64_t advance, std::int64_t register_digits);

}  // namespace mstation::hhu_sim
