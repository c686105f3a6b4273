#include "meter_reading.hpp"

namespace mstation::hhu_sim {

NewReading advanced_reading(std::int64_t last_reading, std::int64_t advance, std::int64_t register_digits) {
  const std::int64_t reading = last_reading + advance;
  if (register_digits < 1 || register_digits > 12) return {reading, 0};
  std::int64_t full_scale = 100;  // readings count 0.01 kWh
  for (std::int64_t i = 0; i < register_digits; ++i) full_scale *= 10;
  if (reading < full_scale) return {reading, 0};
  return {reading % full_scale, 1};
}

}  // namespace mstation::hhu_sim
