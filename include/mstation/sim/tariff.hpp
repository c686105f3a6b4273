#pragma once
// What the simulated marketing system charges: monthly bills and late fees.
// All money in integer fen; prices in 0.0001 元 (the tariff's own precision).
#include <cstdint>
#include <string>

namespace mstation::sim {

enum class CustomerSort { high_voltage, low_voltage_business, residential };  // CONS_SORT 01, 02, 03

std::string sort_code(CustomerSort sort);
// The TARIFF C(8) field of a reading task.
std::string tariff_code(CustomerSort sort);

// Sichuan residential tiered tariff, per month: tier 1 up to 180 kWh at
// 0.5224 元, tier 2 up to 280 kWh at 0.6224 元, tier 3 above at 0.8224 元.
// Other sorts are flat (0.8000 元 low-voltage business, 0.6500 元 high
// voltage). Rounded half up to the fen.
std::int64_t bill_amount_fen(CustomerSort sort, std::int64_t kwh);

// Late fee (电费违约金) on an unpaid principal `overdue_days` past its due
// date: 0.1 % a day for residential customers, 0.2 % otherwise, rounded half
// up, at least 1 元 once anything is overdue.
std::int64_t late_fee_fen(CustomerSort sort, std::int64_t principal_fen, std::int64_t overdue_days);
// The same without the minimum, for accruing over periods of changing principal.
std::int64_t late_fee_raw_fen(CustomerSort sort, std::int64_t principal_fen, std::int64_t days);
constexpr std::int64_t minimum_late_fee_fen = 100;

}  // namespace mstation::sim
