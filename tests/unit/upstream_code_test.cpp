// SG186's return codes as the handheld's codes (hhu-protocol.md §6).
#include <gtest/gtest.h>

#include "mstation/txn/upstream.hpp"

namespace mstation::txn {
namespace {

TEST(UpstreamCode, MapsAsTheSpecSays) {
  const std::pair<const char*, const char*> expected[] = {
      {"1001", "00"}, {"1004", "14"}, {"1005", "64"}, {"1015", "77"}, {"1016", "25"}, {"1017", "A4"},
      {"1002", "51"}, {"1003", "51"}, {"1035", "51"}, {"1037", "51"}, {"1039", "51"}, {"1042", "51"},
      {"1043", "51"}, {"1044", "51"}, {"1051", "51"}, {"1006", "96"}, {"1050", "96"}, {"9999", "51"},
  };
  for (const auto& [sg186, hhu] : expected) EXPECT_STREQ(upstream_code(sg186).code, hhu) << sg186;
}

}  // namespace
}  // namespace mstation::txn
