#include <gtest/gtest.h>

#include "mstation/txn/masking.hpp"

namespace mstation::txn {
namespace {

TEST(MaskSecrets, MasksPasswordsAndKeysAtAnyDepth) {
  const auto masked = mask_secrets(nlohmann::json::parse(
      R"({"operator_id":"0042","password":"123456","nested":{"tdk":"ABCD","list":[{"tak":"EF"}]},"tdk_kcv":"35C59F"})"));
  EXPECT_EQ(masked["password"], "***");
  EXPECT_EQ(masked["nested"]["tdk"], "***");
  EXPECT_EQ(masked["nested"]["list"][0]["tak"], "***");
  EXPECT_EQ(masked["operator_id"], "0042");
  EXPECT_EQ(masked["tdk_kcv"], "35C59F");  // a KCV reveals nothing
}

}  // namespace
}  // namespace mstation::txn
