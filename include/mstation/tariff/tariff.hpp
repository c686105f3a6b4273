#pragma once
// Electricity tariffs for BILL_ESTIMATE (抄表预算电费): tiered residential
// prices with monthly thresholds (and optional seasonal thresholds for some
// months), flat prices for other sorts. Integer arithmetic throughout:
// prices in 0.0001 元 per kWh (= `price_fen_per_kwh_x100` of the protocol),
// usage in whole kWh, money in fen.
//
// Rounding (the marketing system's own rule, so an estimate equals the bill):
// the amount is the exact sum over the tiers, rounded half up to the fen
// once. Each tier's amount is rounded half up on its own for the receipt;
// the last tier used absorbs the difference (at most a fen per tier), so the
// tiers always add up to the amount.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace mstation::tariff {

struct Tier {
  std::optional<std::int64_t> up_to_kwh;  // none: the last, open-ended tier
  std::int64_t price = 0;                 // 0.0001 元 per kWh
};

struct Seasonal {
  std::vector<unsigned> months;            // 1..12
  std::vector<std::int64_t> up_to_kwh;     // replaces the tiers' thresholds, in order
};

struct Tariff {
  std::string code;          // TARIFF C(8) of the reading task, e.g. RESTIER
  std::vector<Tier> tiers;   // one tier = a flat price
  std::optional<Seasonal> seasonal;
};

struct TierCharge {
  unsigned tier = 1;
  std::int64_t kwh = 0;
  std::int64_t price = 0;  // 0.0001 元 per kWh
  std::int64_t amount_fen = 0;
};

struct Estimate {
  std::string tariff_code;
  std::int64_t usage_kwh = 0;
  std::int64_t amount_fen = 0;
  std::vector<TierCharge> tiers;  // only the tiers used
};

// `month` 1..12 chooses seasonal thresholds.
Estimate charge(const Tariff& tariff, std::int64_t usage_kwh, unsigned month);

// Register readings in 0.01 kWh, as the handheld and SG186 carry them.
struct Reading {
  std::uint64_t last = 0;
  std::uint64_t current = 0;
  unsigned digits = 6;       // register digits before the point
  std::uint32_t multiplier = 1;
  char status = '0';         // '0' normal, '1' rollover (翻转), '2' reverse (倒走)
};
// Usage in whole kWh (half up), or why there is none: a current reading
// below the last without the rollover status, a reverse-running register, a
// reading that does not fit the register.
std::variant<std::int64_t, std::string> usage_kwh(const Reading& reading);

// Why `usage_kwh` cannot be priced at `tariff` without overflowing integer
// fen (a reading far beyond any meter's), or nothing when `charge` is safe.
std::optional<std::string> unpriceable(const Tariff& tariff, std::int64_t usage_kwh);

class TariffBook {
 public:
  // A tariffs file (JSON, see docs/transactions.md), or the problem with its key path.
  static std::variant<TariffBook, std::string> parse(const std::string& json_text);
  static std::variant<TariffBook, std::string> load(const std::string& path);
  const Tariff* find(const std::string& code) const;
  std::size_t size() const { return tariffs_.size(); }

 private:
  std::map<std::string, Tariff> tariffs_;
};

}  // namespace mstation::tariff
