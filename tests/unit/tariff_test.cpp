// The tariff engine of BILL_ESTIMATE: tiers, seasonal thresholds, rounding,
// usage from register readings, the tariffs file — and agreement with the
// bills sg186-sim generates.
#include <gtest/gtest.h>

#include "mstation/sim/dataset.hpp"
#include "mstation/tariff/tariff.hpp"
#include "support/paths.hpp"

namespace mstation::tariff {
namespace {

const TariffBook& shipped() {
  static const TariffBook book = std::get<TariffBook>(TariffBook::load(test::source_dir() + "/config/tariffs.json"));
  return book;
}

TEST(Tariff, ResidentialUsageIsSplitAcrossTheTiers) {
  const auto e = charge(*shipped().find("RESTIER"), 300, 11);
  EXPECT_EQ(e.usage_kwh, 300);
  ASSERT_EQ(e.tiers.size(), 3u);
  EXPECT_EQ(e.tiers[0].kwh, 180);
  EXPECT_EQ(e.tiers[1].kwh, 100);
  EXPECT_EQ(e.tiers[2].kwh, 20);
  EXPECT_EQ(e.tiers[2].price, 8224);
  EXPECT_EQ(e.amount_fen, 17272);  // 94.032 + 62.24 + 16.448 = 172.72 元
  EXPECT_EQ(e.tiers[0].amount_fen + e.tiers[1].amount_fen + e.tiers[2].amount_fen, e.amount_fen);
}

TEST(Tariff, TierAmountsAlwaysAddUpToTheRoundedTotal) {
  for (std::int64_t kwh = 0; kwh < 600; ++kwh) {
    const auto e = charge(*shipped().find("RESTIER"), kwh, 5);
    std::int64_t sum = 0;
    for (const auto& t : e.tiers) sum += t.amount_fen;
    ASSERT_EQ(sum, e.amount_fen) << kwh;
  }
  EXPECT_TRUE(charge(*shipped().find("RESTIER"), 0, 5).tiers.empty());
}

TEST(Tariff, SeasonalThresholdsApplyInTheirMonthsOnly) {
  auto t = *shipped().find("RESTIER");
  t.seasonal = Seasonal{{7, 8, 9}, {260, 360}};
  EXPECT_EQ(charge(t, 250, 8).tiers.size(), 1u);  // all in tier 1 in August
  EXPECT_EQ(charge(t, 250, 10).tiers.size(), 2u);
}

TEST(Tariff, FlatTariffsHaveOneTier) {
  const auto e = charge(*shipped().find("LVBUS"), 1234, 3);
  ASSERT_EQ(e.tiers.size(), 1u);
  EXPECT_EQ(e.amount_fen, 98720);
}

TEST(Tariff, EstimatesEqualTheSimulatorsBills) {
  const auto data = sim::generate_dataset({1000, 5, 20261128});
  std::size_t bills = 0;
  for (const auto& c : data.customers) {
    const auto* t = shipped().find(sim::tariff_code(c.sort));
    ASSERT_NE(t, nullptr) << sim::tariff_code(c.sort);
    for (const auto& b : c.bills) {
      ASSERT_EQ(charge(*t, b.kwh, b.month % 100).amount_fen, b.amount_fen) << c.cons_no << " " << b.id;
      ++bills;
    }
  }
  EXPECT_GT(bills, 4000u);
}

TEST(TariffUsage, FromReadingsWithTheMultiplier) {
  EXPECT_EQ(std::get<std::int64_t>(usage_kwh({123400, 135400, 6, 1, '0'})), 120);
  EXPECT_EQ(std::get<std::int64_t>(usage_kwh({100, 130, 6, 30, '0'})), 9);     // 0.30 kWh × 30
  EXPECT_EQ(std::get<std::int64_t>(usage_kwh({100, 149, 6, 1, '0'})), 0);      // 0.49 kWh rounds down
  EXPECT_EQ(std::get<std::int64_t>(usage_kwh({100, 150, 6, 1, '0'})), 1);      // 0.50 kWh rounds up
}

TEST(TariffUsage, RolloverWrapsTheRegister) {
  // 6 digits: 999 950.00 → 000 050.00 is 100 kWh.
  EXPECT_EQ(std::get<std::int64_t>(usage_kwh({99995000, 5000, 6, 1, '1'})), 100);
  EXPECT_EQ(std::get<std::string>(usage_kwh({99995000, 5000, 6, 1, '0'})), "reading below the last reading");
  EXPECT_EQ(std::get<std::string>(usage_kwh({5000, 99995000, 6, 1, '1'})),
            "rollover status but the reading did not roll over");
  EXPECT_EQ(std::get<std::string>(usage_kwh({5000, 100000000, 6, 1, '0'})), "reading does not fit the register");
  EXPECT_EQ(std::get<std::string>(usage_kwh({5000, 4000, 6, 1, '2'})), "register runs backwards (倒走): no estimate");
}

TEST(TariffUsage, AUsageTimesAMultiplierBeyondSixtyFourBitsIsRefusedNotWrapped) {
  // Ten register digits read in full, through a 4 000 000 000 multiplier: 4 × 10^21 hundredths of a kWh.
  const auto usage = usage_kwh({0, 999'999'999'999, 10, 4'000'000'000u, '0'});
  ASSERT_TRUE(std::holds_alternative<std::string>(usage));
  EXPECT_EQ(std::get<std::string>(usage), "reading: usage times the multiplier is too large to price");
}

TEST(Tariff, AUsageWhosePriceWouldOverflowIsUnpriceableAndAnOrdinaryOneIsNot) {
  const auto* tariff = shipped().find("RESTIER");
  ASSERT_NE(tariff, nullptr);
  EXPECT_EQ(unpriceable(*tariff, 250), std::nullopt);
  // 10^16 kWh at any price above 922 (0.0922 元/kWh) passes 2^63 ten-thousandths of a 元.
  const auto why = unpriceable(*tariff, 10'000'000'000'000'000);
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("reading: a usage of 10000000000000000 kWh cannot be priced at tariff RESTIER"),
            std::string::npos)
      << *why;
}

TEST(TariffBookFile, ProblemsNameTheirPlace) {
  EXPECT_EQ(std::get<std::string>(TariffBook::parse("[]")), "not a JSON object");
  EXPECT_EQ(std::get<std::string>(TariffBook::parse(R"({"tariffs": [{"code": "X", "tiers": []}]})")),
            "tariffs[0].tiers: a non-empty list is required");
  EXPECT_EQ(std::get<std::string>(TariffBook::parse(
                R"({"tariffs": [{"code": "X", "tiers": [{"up_to_kwh": 100, "price": 1}, {"price": 0}]}]})")),
            "tariffs[0].tiers[1].price: a whole number 1..1000000 (0.0001 元 per kWh) is required");
  EXPECT_EQ(std::get<std::string>(TariffBook::parse(
                R"({"tariffs": [{"code": "X", "tiers": [{"up_to_kwh": 100, "price": 1}, {"up_to_kwh": 90, "price": 2}, {"price": 3}]}]})")),
            "tariffs[0].tiers[1].up_to_kwh: must be a whole number above the previous tier's");
  EXPECT_EQ(std::get<std::string>(TariffBook::parse(
                R"({"tariffs": [{"code": "X", "tiers": [{"price": 1}]}, {"code": "X", "tiers": [{"price": 1}]}]})")),
            "tariffs[1].code: 'X' appears twice");
  EXPECT_EQ(std::get<std::string>(TariffBook::parse(
                R"({"tariffs": [{"code": "X", "tiers": [{"up_to_kwh": 1, "price": 1}, {"price": 2}], "seasonal": {"months": [13], "up_to_kwh": [2]}}]})")),
            "tariffs[0].seasonal.months: 1..12");
  EXPECT_EQ(shipped().size(), 3u);
}

}  // namespace
}  // namespace mstation::tariff
