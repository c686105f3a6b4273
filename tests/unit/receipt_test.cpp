// Receipts (txn/receipt): every line fits the printer, a reprint is marked 补打.
#include <gtest/gtest.h>

#include <algorithm>

#include "mstation/txn/print_layout.hpp"
#include "mstation/txn/receipt.hpp"

namespace mstation::txn {
namespace {

TEST(Receipt, EveryLineFitsThePrinterAndAReprintIsMarked) {
  const auto at = *from_china_time({2026, 11, 28, 10, 30, 15});
  const auto lines = receipt_lines("电费收费凭证",
                                   {{"收据号", "202611280000000042"},
                                    {"户号", "5100000007"},
                                    {"地址", "四川省成都市双流区东升街道某某村某某组一百二十三号附二号"},
                                    {"实收金额", yuan(12445)}},
                                   "51010001", "0042", at);
  for (const auto& line : lines) EXPECT_LE(print_columns(line), printer_columns) << line;
  EXPECT_NE(std::find(lines.begin(), lines.end(), "实收金额: 124.45元"), lines.end());
  EXPECT_EQ(lines.back(), "时间: 2026-11-28 10:30:15");
  const auto again = reprint_lines(lines, at + std::chrono::hours(1));
  EXPECT_NE(again.front().find("补打"), std::string::npos);
  EXPECT_EQ(again.back(), "补打时间: 2026-11-28 11:30:15");
  EXPECT_TRUE(std::equal(lines.begin(), lines.end(), again.begin() + 1));
}

}  // namespace
}  // namespace mstation::txn
