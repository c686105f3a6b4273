// hhu-sim day (and the money steps of run) against a stand-in station:
// FakeHhuStation speaks HHU/1, FakeFieldOffice answers as hhu-protocol.md §5
// says. No database: what is checked is what the terminal sends and remembers.
#include <gtest/gtest.h>

#include "fake_field_office.hpp"
#include "fake_hhu_station.hpp"
#include "mstation/common/hex.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace mstation::test {
namespace {

using nlohmann::json;

class HhuSimDayTest : public ::testing::Test {
 protected:
  HhuSimDayTest()
      : tmk(hhu::generate_key(hhu::Suite::tdea)),
        station(hhu::Suite::tdea, tmk, [this](const ReceivedRequest& r) { return office.answer(r); }) {
    tmk_file = dir.write("51010001.tmk", to_hex(tmk) + "\n").string();
  }

  std::vector<std::string> sim(const std::string& command, std::vector<std::string> rest) const {
    std::vector<std::string> argv{
        hhu_sim_binary(), command,     "--server", "127.0.0.1:" + std::to_string(station.port()),
        "--bind",         "127.0.0.1", "--tid",    "51010001",
        "--tmk-file",     tmk_file,    "--state",  (dir.path() / "state.json").string(),
        "--operator",     "0042"};
    argv.insert(argv.end(), rest.begin(), rest.end());
    return argv;
  }
  ProcessResult day() const { return run_process(sim("day", {"--segment", "S0001"}), "123456\n"); }

  std::vector<ReceivedRequest> sent(std::uint16_t txn) const {
    std::vector<ReceivedRequest> out;
    for (const auto& r : station.received())
      if (r.txn == txn) out.push_back(r);
    return out;
  }

  TempDir dir;
  SecretBytes tmk;
  std::string tmk_file;
  FakeFieldOffice office;
  FakeHhuStation station;
};

TEST_F(HhuSimDayTest, AWholeDayWithTheCardCountUnknownSkipsTheCard) {
  const auto r = day();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("day: every step as expected"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("day: skipped card: purchase count 0 is not SG186's (1051)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("|电费收费凭证"), std::string::npos) << "receipts are printed";
  EXPECT_NE(r.out.find("|电费催缴通知单"), std::string::npos) << "notices are printed";
  EXPECT_NE(r.out.find("\"tdk\":\"***\""), std::string::npos) << "keys are never printed";
  EXPECT_EQ(sent(0x0001).at(0).body, json({{"operator_id", "0042"}, {"password", "123456"}}));

  const auto upload = sent(0x0102);
  ASSERT_EQ(upload.size(), 1u);
  const auto& readings = upload[0].body["readings"];
  ASSERT_EQ(readings.size(), 3u);
  EXPECT_EQ(readings[0]["anomaly_code"], "01");
  EXPECT_EQ(readings[0]["status"], 0);
  EXPECT_EQ(readings[0]["reading"], 1'234'500 + 15'000);
  EXPECT_EQ(readings[2]["status"], 1) << "the third register rolled over";

  const auto payments = sent(0x0202);
  ASSERT_EQ(payments.size(), 2u);
  EXPECT_EQ(payments[0].body, json({{"customer_no", "5100000001"}, {"amount_fen", 12345}}));
  EXPECT_EQ(payments[1].body, json({{"customer_no", "5100000002"}, {"amount_fen", 100}}));
  const auto reversals = sent(0x0203);
  ASSERT_EQ(reversals.size(), 1u);
  EXPECT_EQ(reversals[0].body,
            json({{"orig_seq", payments[1].seq}, {"customer_no", "5100000002"}, {"amount_fen", 100}}));
  EXPECT_EQ(sent(0x0204).at(0).body["customer_no"], "5100000003");
  EXPECT_EQ(sent(0x0205).at(0).body, json({{"txn_id", 1000}}));  // the first payment's

  const auto settlement = sent(0x0207);
  ASSERT_EQ(settlement.size(), 1u);
  EXPECT_EQ(settlement[0].body["count"], 2);
  EXPECT_EQ(settlement[0].body["amount_fen"], 12345 + 5000);
  EXPECT_EQ(settlement[0].body["items"].size(), 4u);
  EXPECT_EQ(station.received().back().txn, 0x0002) << "the day ends signed off";
}

TEST_F(HhuSimDayTest, TheCardIsSoldAndConfirmedWhenTheCountIsKnown) {
  office.card_purchase_count = 0;  // a new card
  auto r = day();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto card = sent(0x0401);
  ASSERT_EQ(card.size(), 1u);
  EXPECT_EQ(card[0].body["meter_no"], "35100000003") << "the meter of the reading task";
  EXPECT_EQ(sent(0x0402).at(0).body, json({{"txn_id", 1004}, {"written", true}}));
  EXPECT_EQ(sent(0x0207).at(0).body["count"], 3);

  // Later the same day on the same card: the state file remembers what was
  // written on it, and the settlement covers both runs.
  office.card_purchase_count = 1;
  r = day();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(sent(0x0401).at(1).body["purchase_count"], 1);
  EXPECT_EQ(sent(0x0207).at(1).body["count"], 6);
}

TEST_F(HhuSimDayTest, AFailedStepIsNamedAndTheDayGoesOn) {
  office.refuse[0x0204] = "61";
  const auto r = day();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("day: FAILED prepay 5100000003: code 61 拒绝"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("day: 1 step(s) failed: prepay 5100000003;"), std::string::npos) << r.out;
  EXPECT_EQ(station.received().back().txn, 0x0002);
}

TEST_F(HhuSimDayTest, NoSignOnNoDay) {
  // Another terminal's TMK: the station cannot open the frame and closes.
  tmk_file = dir.write("other.tmk", to_hex(hhu::generate_key(hhu::Suite::tdea)) + "\n").string();
  const auto r = day();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("day: FAILED sign-on: no answer (the connection was closed)"), std::string::npos) << r.out;
  EXPECT_TRUE(station.received().empty());
}

TEST_F(HhuSimDayTest, RunStepsSettleFromTheStateFile) {
  auto r = run_process(sim("run", {"sign-on", "pay=5100000001:12345", "prepay=5100000003:500"}), "123456\n");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("pay SEQ 2: 00 交易成功"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"receipt\":\"R1000\""), std::string::npos) << r.out;
  const auto pay_seq = sent(0x0202).at(0).seq;

  r = run_process(sim("run", {"reverse=" + std::to_string(pay_seq) + ":5100000001:12345", "settle", "sign-off"}));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto settlement = sent(0x0207).at(0).body;
  EXPECT_EQ(settlement["count"], 1);
  EXPECT_EQ(settlement["amount_fen"], 500);
  EXPECT_EQ(settlement["items"].size(), 3u);
}

TEST_F(HhuSimDayTest, DayNeedsItsSegment) {
  const auto r = run_process(sim("day", {}), "123456\n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("day needs --tid, --tmk-file, --operator and --segment"), std::string::npos) << r.err;
  EXPECT_TRUE(station.received().empty());
}

}  // namespace
}  // namespace mstation::test
