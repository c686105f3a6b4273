// The simulator's pure parts: tariff, late fees, dates and the generated dataset.
#include <gtest/gtest.h>

#include <set>

#include "mstation/sg186/gbk.hpp"
#include "mstation/common/civil_date.hpp"
#include "mstation/sim/dataset.hpp"
#include "mstation/sim/tariff.hpp"

namespace mstation::sim {
namespace {

TEST(SimTariff, ResidentialBillsFollowTheSichuanTiers) {
  EXPECT_EQ(bill_amount_fen(CustomerSort::residential, 100), 5224);          // 100 × 0.5224
  EXPECT_EQ(bill_amount_fen(CustomerSort::residential, 180), 9403);          // 94.032 元
  EXPECT_EQ(bill_amount_fen(CustomerSort::residential, 280), 9403 + 6224);   // + 100 × 0.6224
  EXPECT_EQ(bill_amount_fen(CustomerSort::residential, 300), 17272);         // + 20 × 0.8224 = 172.72 元
  EXPECT_EQ(bill_amount_fen(CustomerSort::residential, 0), 0);
}

TEST(SimTariff, OtherSortsAreFlat) {
  EXPECT_EQ(bill_amount_fen(CustomerSort::low_voltage_business, 1000), 80000);
  EXPECT_EQ(bill_amount_fen(CustomerSort::high_voltage, 10000), 650000);
}

TEST(SimTariff, LateFeesAccruePerDayWithAOneYuanMinimum) {
  EXPECT_EQ(late_fee_fen(CustomerSort::residential, 12445, 0), 0);
  EXPECT_EQ(late_fee_fen(CustomerSort::residential, 12445, 1), 100);       // 12.445 fen → minimum 1 元
  EXPECT_EQ(late_fee_fen(CustomerSort::residential, 100000, 30), 3000);     // 0.1 % × 30 days
  EXPECT_EQ(late_fee_fen(CustomerSort::low_voltage_business, 100000, 30), 6000);  // 0.2 %
  EXPECT_EQ(late_fee_fen(CustomerSort::high_voltage, 0, 30), 0);
}

TEST(SimDates, ArithmeticAcrossMonthsAndYears) {
  EXPECT_EQ(add_days(20261130, 1), 20261201u);
  EXPECT_EQ(add_days(20261231, 1), 20270101u);
  EXPECT_EQ(days_between(20261101, 20261129), 28);
  EXPECT_EQ(end_of_next_month(202601), 20260228u);
  EXPECT_EQ(end_of_next_month(202612), 20270131u);
  EXPECT_EQ(month_before(20261129, 1), 202610u);
  EXPECT_EQ(month_before(20260115, 2), 202511u);
  EXPECT_FALSE(is_valid_date(20260230));
}

DatasetParams params(std::uint64_t seed) { return {2000, seed, 20261128}; }

TEST(SimDataset, TheSameSeedGivesTheSameCustomers) {
  const auto a = generate_dataset(params(7));
  const auto b = generate_dataset(params(7));
  const auto c = generate_dataset(params(8));
  ASSERT_EQ(a.customers.size(), 2000u);
  for (std::size_t i = 0; i < a.customers.size(); ++i) {
    EXPECT_EQ(a.customers[i].name, b.customers[i].name);
    EXPECT_EQ(a.customers[i].owe_fen(), b.customers[i].owe_fen());
  }
  std::size_t same = 0;
  for (std::size_t i = 0; i < a.customers.size(); ++i) same += a.customers[i].name == c.customers[i].name;
  EXPECT_LT(same, 500u);
}

TEST(SimDataset, WhoOwesWhatDoesNotDependOnTheAsOfDate) {
  const auto november = generate_dataset({500, 7, 20261128});
  const auto march = generate_dataset({500, 7, 20270315});
  for (std::size_t i = 0; i < november.customers.size(); ++i) {
    ASSERT_EQ(november.customers[i].name, march.customers[i].name) << i;
    ASSERT_EQ(november.customers[i].owe_fen(), march.customers[i].owe_fen()) << i;
  }
}

TEST(SimDataset, LooksLikeARuralDistrict) {
  const auto d = generate_dataset(params(7));
  EXPECT_EQ(d.by_section.size(), 10u);  // segments of 200
  std::size_t residential = 0, card = 0, owing = 0, noticed = 0, off = 0;
  for (const auto& c : d.customers) {
    residential += c.sort == CustomerSort::residential;
    card += c.card_meter;
    owing += c.owe_fen() > 0;
    noticed += c.notice_date != 0;
    off += c.powered_off;
    ASSERT_TRUE(sg186::utf8_to_gbk(c.name)) << c.name;
    ASSERT_TRUE(sg186::utf8_to_gbk(c.address)) << c.address;
    EXPECT_LT(c.last_read, 100ULL * 1'000'000 * (c.digits == 8 ? 100 : 1)) << c.cons_no;  // fits the register
    if (c.card_meter) {
      EXPECT_TRUE(c.bills.empty());
    }
  }
  EXPECT_GT(residential, 1500u);
  EXPECT_GT(card, 100u);
  EXPECT_GT(owing, 400u);
  EXPECT_GT(noticed, 50u);
  EXPECT_GT(off, 5u);
  const auto* first = d.find("5100000001");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->sect_no, "S0001");
  EXPECT_EQ(d.find("5199999999"), nullptr);
}

}  // namespace
}  // namespace mstation::sim
