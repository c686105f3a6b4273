// Printer layout: 32 columns of GBK, Chinese characters two columns wide.
#include <gtest/gtest.h>

#include "mstation/sg186/gbk.hpp"
#include "mstation/txn/print_layout.hpp"

namespace mstation::txn {
namespace {

TEST(PrintLayout, ChineseCharactersTakeTwoColumns) {
  EXPECT_EQ(print_columns("户号: 5100012345"), 16u);
  EXPECT_EQ(print_columns("四川省"), 6u);
  EXPECT_EQ(print_columns(""), 0u);
}

TEST(PrintLayout, WrappedLinesFitThePrinterAndNeverSplitACharacter) {
  const std::string address = "四川省眉山市东坡区永丰镇新农村三组12号附3号王家院子";
  const auto lines = wrap_columns(address);
  ASSERT_GT(lines.size(), 1u);
  std::string joined;
  for (const auto& line : lines) {
    EXPECT_LE(sg186::utf8_to_gbk(line)->size(), 32u) << line;  // the spec's limit, in GBK bytes
    joined += line;
  }
  EXPECT_EQ(joined, address);
}

TEST(PrintLayout, LabelledValuesWrapUnderThemselves) {
  const auto lines = labelled("地址", "四川省眉山市东坡区永丰镇新农村三组12号");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].rfind("地址: ", 0), 0u);
  EXPECT_EQ(lines[1].rfind("      ", 0), 0u);  // under the value, not the label
  for (const auto& l : lines) EXPECT_LE(print_columns(l), 32u);
}

TEST(PrintLayout, MoneyIsYuanWithTwoDecimals) {
  EXPECT_EQ(yuan(12445), "124.45元");
  EXPECT_EQ(yuan(5), "0.05元");
  EXPECT_EQ(yuan(-500), "-5.00元");
  EXPECT_EQ(yuan(0), "0.00元");
}

TEST(PrintLayout, TitlesAreCentred) {
  EXPECT_EQ(centred("电费收费凭证"), std::string(10, ' ') + "电费收费凭证");
}

}  // namespace
}  // namespace mstation::txn
