#include "mstation/sim/tariff.hpp"

#include <algorithm>

namespace mstation::sim {
namespace {

constexpr std::int64_t tier1_limit = 180;
constexpr std::int64_t tier2_limit = 280;
constexpr std::int64_t tier1_price = 5224;  // 0.0001 元
constexpr std::int64_t tier2_price = 6224;
constexpr std::int64_t tier3_price = 8224;
constexpr std::int64_t business_price = 8000;
constexpr std::int64_t high_voltage_price = 6500;

// 0.0001 元 → fen, half up.
std::int64_t to_fen(std::int64_t ten_thousandths) { return (ten_thousandths + 50) / 100; }

}  // namespace

std::string sort_code(CustomerSort sort) {
  switch (sort) {
    case CustomerSort::high_voltage: return "01";
    case CustomerSort::low_voltage_business: return "02";
    case CustomerSort::residential: return "03";
  }
  return "03";
}

std::string tariff_code(CustomerSort sort) {
  switch (sort) {
    case CustomerSort::high_voltage: return "HV10KV";
    case CustomerSort::low_voltage_business: return "LVBUS";
    case CustomerSort::residential: return "RESTIER";
  }
  return "RESTIER";
}

std::int64_t bill_amount_fen(CustomerSort sort, std::int64_t kwh) {
  if (kwh <= 0) return 0;
  if (sort == CustomerSort::high_voltage) return to_fen(kwh * high_voltage_price);
  if (sort == CustomerSort::low_voltage_business) return to_fen(kwh * business_price);
  const std::int64_t tier1 = std::min(kwh, tier1_limit);
  const std::int64_t tier2 = std::clamp<std::int64_t>(kwh - tier1_limit, 0, tier2_limit - tier1_limit);
  const std::int64_t tier3 = std::max<std::int64_t>(kwh - tier2_limit, 0);
  return to_fen(tier1 * tier1_price + tier2 * tier2_price + tier3 * tier3_price);
}

std::int64_t late_fee_raw_fen(CustomerSort sort, std::int64_t principal_fen, std::int64_t days) {
  if (principal_fen <= 0 || days <= 0) return 0;
  const std::int64_t per_mille_per_day = sort == CustomerSort::residential ? 1 : 2;
  return (principal_fen * per_mille_per_day * days + 500) / 1000;
}

std::int64_t late_fee_fen(CustomerSort sort, std::int64_t principal_fen, std::int64_t overdue_days) {
  if (principal_fen <= 0 || overdue_days <= 0) return 0;
  return std::max(late_fee_raw_fen(sort, principal_fen, overdue_days), minimum_late_fee_fen);
}

}  // namespace mstation::sim
