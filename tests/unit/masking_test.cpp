#include <gtest/gtest.h>

#include "mstation/txn/handler.hpp"
#include "mstation/txn/masking.hpp"

namespace mstation::txn {
namespace {

TEST(WipeSignOnPassword, TheParsedRequestKeepsNoPasswordOnceAnswered) {
  auto request = nlohmann::json::parse(R"({"operator_id":"0042","password":"123456"})");
  wipe_sign_on_password(request);
  EXPECT_EQ(request["password"], "***");
  EXPECT_EQ(request["operator_id"], "0042");
  EXPECT_EQ(request.dump().find("123456"), std::string::npos);
}

TEST(MaskSecrets, MasksPasswordsAndKeysAtAnyDepth) {
  const auto masked = mask_secrets(nlohmann::json::parse(
      R"({"operator_id":"0042","password":"123456","nested":{"tdk":"ABCD","list":[{"tak":"EF"}]},"tdk_kcv":"35C59F"})"));
  EXPECT_EQ(masked["password"], "***");
  EXPECT_EQ(masked["nested"]["tdk"], "***");
  EXPECT_EQ(masked["nested"]["list"][0]["tak"], "***");
  EXPECT_EQ(masked["operator_id"], "0042");
  EXPECT_EQ(masked["tdk_kcv"], "35C59F");  // a KCV reveals nothing
}

TEST(MaskSecrets, MasksACardsWriteDataButNotItsMeterOrCount) {
  const auto masked = mask_secrets(nlohmann::json::parse(
      R"({"body":{"charge_id":"C1","new_buy_count":3,"write_data":"0A1B2C","meter_no":"M1"}})"));
  EXPECT_EQ(masked["body"]["write_data"], "***");
  EXPECT_EQ(masked["body"]["charge_id"], "C1");
  EXPECT_EQ(masked["body"]["new_buy_count"], 3);
  EXPECT_EQ(masked["body"]["meter_no"], "M1");
}

}  // namespace
}  // namespace mstation::txn
