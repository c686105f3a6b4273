#include "mstation/tariff/tariff.hpp"

#include <algorithm>
#include <limits>

namespace mstation::tariff {
namespace {

// 0.0001 元 → fen, half up.
std::int64_t to_fen(std::int64_t ten_thousandths) { return (ten_thousandths + 50) / 100; }

std::optional<std::int64_t> threshold(const Tariff& t, std::size_t tier, unsigned month) {
  if (t.seasonal && tier < t.seasonal->up_to_kwh.size() &&
      std::find(t.seasonal->months.begin(), t.seasonal->months.end(), month) != t.seasonal->months.end()) {
    return t.seasonal->up_to_kwh[tier];
  }
  return t.tiers[tier].up_to_kwh;
}

}  // namespace

Estimate charge(const Tariff& tariff, std::int64_t usage, unsigned month) {
  Estimate e;
  e.tariff_code = tariff.code;
  e.usage_kwh = usage;
  std::int64_t exact = 0, below = 0, rounded_sum = 0;
  for (std::size_t i = 0; i < tariff.tiers.size() && below < usage; ++i) {
    const auto limit = threshold(tariff, i, month);
    const std::int64_t top = limit ? std::min(*limit, usage) : usage;
    if (top <= below) continue;
    const std::int64_t kwh = top - below;
    const std::int64_t cost = kwh * tariff.tiers[i].price;
    exact += cost;
    e.tiers.push_back({static_cast<unsigned>(i + 1), kwh, tariff.tiers[i].price, to_fen(cost)});
    rounded_sum += e.tiers.back().amount_fen;
    below = top;
  }
  e.amount_fen = to_fen(exact);
  if (!e.tiers.empty()) e.tiers.back().amount_fen += e.amount_fen - rounded_sum;
  return e;
}

std::variant<std::int64_t, std::string> usage_kwh(const Reading& r) {
  std::uint64_t span = 100;  // the register's range, in 0.01 kWh
  for (unsigned i = 0; i < r.digits; ++i) span *= 10;
  if (r.digits == 0 || r.digits > 10) return std::string("register digits must be 1..10");
  if (r.current >= span || r.last >= span) return std::string("reading does not fit the register");
  if (r.status == '2') return std::string("register runs backwards (倒走): no estimate");
  std::uint64_t delta = 0;
  if (r.current >= r.last) {
    if (r.status == '1') return std::string("rollover status but the reading did not roll over");
    delta = r.current - r.last;
  } else {
    if (r.status != '1') return std::string("reading below the last reading");
    delta = span - r.last + r.current;
  }
  std::uint64_t scaled = 0;  // 0.01 kWh through the current transformer's multiplier
  if (__builtin_mul_overflow(delta, std::uint64_t{r.multiplier}, &scaled) ||
      scaled > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) - 50) {
    return std::string("reading: usage times the multiplier is too large to price");
  }
  return static_cast<std::int64_t>((scaled + 50) / 100);
}

std::optional<std::string> unpriceable(const Tariff& tariff, std::int64_t usage_kwh) {
  std::int64_t dearest = 0;
  for (const auto& t : tariff.tiers) dearest = std::max(dearest, t.price);
  // The whole usage at the dearest tier bounds the exact sum; the margin covers rounding to the fen.
  std::int64_t bound = 0;
  if (usage_kwh < 0 || __builtin_mul_overflow(usage_kwh, dearest, &bound) ||
      bound > std::numeric_limits<std::int64_t>::max() - 10'000) {
    return "reading: a usage of " + std::to_string(usage_kwh) + " kWh cannot be priced at tariff " + tariff.code +
           " (the amount would overflow)";
  }
  return std::nullopt;
}

const Tariff* TariffBook::find(const std::string& code) const {
  const auto it = tariffs_.find(code);
  return it == tariffs_.end() ? nullptr : &it->second;
}

}  // namespace mstation::tariff
