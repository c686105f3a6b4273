// hhu-sim's parts that need no server: the command line, step parsing, the
// money log behind DAY_SETTLEMENT, the printer box, the day's choices.
#include <gtest/gtest.h>

#include "hhu/latency_histogram.hpp"
#include "hhu/customer_picks.hpp"
#include "hhu/meter_reading.hpp"
#include "hhu/money_log.hpp"
#include "hhu/options.hpp"
#include "hhu/printout.hpp"
#include "hhu/step_parser.hpp"
#include "hhu/usage.hpp"

namespace mstation::hhu_sim {
namespace {

using nlohmann::json;

std::string usage_problem(const std::string& word) {
  try {
    parse_step(word, "0042");
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(HhuSimSteps, EveryTransactionOfTheSpecHasAStep) {
  const std::vector<std::pair<std::string, std::uint16_t>> steps{
      {"sign-on", 0x0001},
      {"sign-off", 0x0002},
      {"echo", 0x0003},
      {"reading-tasks=S0001", 0x0101},
      {"upload=S0001:5100000001:3510:1250000", 0x0102},
      {"anomaly=5100000001:3510:01", 0x0103},
      {"estimate=5100000001:1250000", 0x0104},
      {"arrears=5100000001", 0x0201},
      {"pay=5100000001:12345", 0x0202},
      {"reverse=17:5100000001:12345", 0x0203},
      {"prepay=5100000001:5000", 0x0204},
      {"reprint=1001", 0x0205},
      {"stats", 0x0206},
      {"settle", 0x0207},
      {"dunning-tasks=S0001", 0x0301},
      {"notice=5100000001", 0x0302},
      {"outage=5100000001", 0x0303},
      {"card=5100000004:3510:10000:5A3C9E01D2B4F687:7", 0x0401},
      {"card-confirm=1001:yes", 0x0402},
  };
  for (const auto& [word, txn] : steps) EXPECT_EQ(parse_step(word, "0042").txn, txn) << word;
}

TEST(HhuSimSteps, BodiesUseTheSpecsFieldNamesAndTypes) {
  EXPECT_EQ(parse_step("pay=5100000001:12345", "").body, json({{"customer_no", "5100000001"}, {"amount_fen", 12345}}));
  EXPECT_EQ(parse_step("reverse=17:5100000001:12345", "").body,
            json({{"orig_seq", 17}, {"customer_no", "5100000001"}, {"amount_fen", 12345}}));
  EXPECT_EQ(parse_step("card-confirm=1001:no", "").body, json({{"txn_id", 1001}, {"written", false}}));
  EXPECT_EQ(parse_step("stats=2026-11-28", "").body, json({{"date", "2026-11-28"}}));
  EXPECT_EQ(parse_step("stats", "").body, json::object());
  EXPECT_EQ(parse_step("reading-tasks=S0001:2:100", "").body,
            json({{"segment_no", "S0001"}, {"page", 2}, {"page_size", 100}}));
  EXPECT_EQ(parse_step("sign-on", "0042").body["operator_id"], "0042");
  EXPECT_EQ(parse_step("anomaly=C:M:09:seal broken: see photo", "").body["note"], "seal broken: see photo");
  EXPECT_EQ(parse_step("card=C:M:10000:AB12:7", "").body, json({{"customer_no", "C"},
                                                                {"meter_no", "M"},
                                                                {"amount_fen", 10000},
                                                                {"card_serial", "AB12"},
                                                                {"purchase_count", 7}}));

  const auto upload = parse_step("upload=S0001:C:M:1250000:1:02", "").body;
  ASSERT_EQ(upload["readings"].size(), 1u);
  const auto& r = upload["readings"][0];
  EXPECT_EQ(upload["segment_no"], "S0001");
  EXPECT_EQ(r["reading"], 1250000);
  EXPECT_EQ(r["status"], 1);
  EXPECT_EQ(r["anomaly_code"], "02");
  EXPECT_TRUE(r["read_at"].get<std::string>().ends_with("+08:00")) << r["read_at"];
  EXPECT_FALSE(parse_step("upload=S0001:C:M:1250000", "").body["readings"][0].contains("status"));
}

TEST(HhuSimSteps, MistakesAreNamedBeforeAnythingIsSent) {
  EXPECT_EQ(usage_problem("arrears"), "step 'arrears' needs a value: arrears=CUSTOMER");
  EXPECT_EQ(usage_problem("pay=5100000001"), "step 'pay' is written pay=CUSTOMER:AMOUNT_FEN");
  EXPECT_EQ(usage_problem("pay=5100000001:12.50"), "AMOUNT_FEN must be a whole number, not '12.50'");
  EXPECT_EQ(usage_problem("pay=5100000001:-5"), "AMOUNT_FEN must be a whole number, not '-5'");
  EXPECT_EQ(usage_problem("pay=:100"), "CUSTOMER is empty");
  EXPECT_EQ(usage_problem("echo=1"), "step 'echo' takes no value");
  EXPECT_EQ(usage_problem("sign-on=123456"), "step 'sign-on' takes no value (the password comes from standard input)");
  EXPECT_EQ(usage_problem("card-confirm=5:maybe"), "card-confirm: say yes or no, not 'maybe'");
  EXPECT_EQ(usage_problem("upload=S:C:M:100:3"), "STATUS must be 0 (normal), 1 (rolled over) or 2 (running backwards)");
  EXPECT_EQ(usage_problem("stats=28.11.2026"), "stats DATE must be YYYY-MM-DD, not '28.11.2026'");
  EXPECT_EQ(usage_problem("refund=1"), "unknown step 'refund=1'");
  EXPECT_EQ(usage_problem("pay=5100000001:1234567890123456789"),
            "AMOUNT_FEN must be a whole number, not '1234567890123456789'");
}

TEST(HhuSimOptions, RunAndDayHaveTheirOwnRequirements) {
  const auto run = parse_options(
      {"run", "--server", "10.0.0.1:9100", "--tid", "51010001", "--tmk-file", "t.tmk", "sign-on", "echo"});
  EXPECT_EQ(run.command, Command::run);
  EXPECT_EQ(run.server_host, "10.0.0.1");
  EXPECT_EQ(run.server_port, 9100);
  EXPECT_EQ(run.steps, (std::vector<std::string>{"sign-on", "echo"}));

  const auto day =
      parse_options({"day", "--tid", "51010001", "--tmk-file", "t.tmk", "--operator", "0042", "--segment", "S0001"});
  EXPECT_EQ(day.command, Command::day);
  EXPECT_EQ(day.segment, "S0001");

  EXPECT_EQ(parse_options({}).command, Command::help);
  EXPECT_THROW(parse_options({"run", "--tid", "1", "--tmk-file", "t"}), UsageError);                     // no STEP
  EXPECT_THROW(parse_options({"day", "--tid", "1", "--tmk-file", "t", "--operator", "1"}), UsageError);  // no segment
  EXPECT_THROW(parse_options({"day", "--tid", "1", "--tmk-file", "t", "--operator", "1", "--segment", "S", "echo"}),
               UsageError);
  EXPECT_THROW(parse_options({"run", "--server", "10.0.0.1", "--tid", "1", "--tmk-file", "t", "echo"}), UsageError);
  EXPECT_THROW(parse_options({"run", "--server", "h:70000", "--tid", "1", "--tmk-file", "t", "echo"}), UsageError);
  EXPECT_THROW(parse_options({"run", "--tid", "1", "--tmk-file", "t", "echo", "--bind"}), UsageError);
  EXPECT_THROW(parse_options({"walk"}), UsageError);
}

TEST(HhuSimMoneyLog, SettlementCountsTheOriginalsThatWereNotReversed) {
  MoneyLog log;
  const std::string today = "2026-11-28";
  log.note_success(today, 5, 0x0202, {{"customer_no", "A"}, {"amount_fen", 12345}});
  log.note_success(today, 6, 0x0202, {{"customer_no", "B"}, {"amount_fen", 100}});
  log.note_success(today, 7, 0x0203, {{"orig_seq", 6}, {"customer_no", "B"}, {"amount_fen", 100}});
  log.note_success(today, 8, 0x0204, {{"customer_no", "C"}, {"amount_fen", 5000}});
  log.note_success(today, 9, 0x0401, {{"customer_no", "D"}, {"amount_fen", 10000}});
  log.note_success(today, 10, 0x0201, {{"customer_no", "A"}});  // a query moves no money

  const auto request = log.settlement_request(today);
  EXPECT_EQ(request["date"], today);
  EXPECT_EQ(request["count"], 3);
  EXPECT_EQ(request["amount_fen"], 12345 + 5000 + 10000);
  ASSERT_EQ(request["items"].size(), 5u);
  EXPECT_EQ(request["items"][2], json({{"seq", 7}, {"txn", "0203"}, {"amount_fen", 100}}));

  const auto reloaded = MoneyLog::from_json(log.to_json());
  EXPECT_EQ(reloaded.settlement_request(today), request);
}

TEST(HhuSimMoneyLog, EachDayStartsEmpty) {
  MoneyLog log;
  log.note_success("2026-11-27", 5, 0x0202, {{"customer_no", "A"}, {"amount_fen", 12345}});
  log.note_success("2026-11-28", 6, 0x0204, {{"customer_no", "B"}, {"amount_fen", 500}});
  EXPECT_EQ(log.settlement_request("2026-11-28")["count"], 1);
  log.keep_only("2026-11-28");
  ASSERT_EQ(log.records().size(), 1u);
  EXPECT_EQ(log.records()[0].seq, 6u);
}

TEST(HhuSimPrintout, TheBoxIsThirtyTwoColumnsOfGbk) {
  EXPECT_EQ(print_width("户号: 5100012345"), 16u);
  EXPECT_EQ(print_width("电费收费凭证"), 12u);
  const auto box = printout(json{"电费收费凭证", "金额: 123.45元"});
  const std::string edge = "+" + std::string(32, '-') + "+\n";
  EXPECT_EQ(box, edge + "|电费收费凭证" + std::string(20, ' ') + "|\n" + "|金额: 123.45元" + std::string(18, ' ') +
                     "|\n" + edge);
}

TEST(HhuSimPrintout, ALineTooWideForThePaperIsShownAsSuch) {
  const std::string wide = "四川省眉山市东坡区永丰镇新农村三组";  // 17 characters, 34 columns
  EXPECT_NE(printout(json{wide}).find(wide + "  <- 34 columns"), std::string::npos);
  EXPECT_FALSE(fits_printer(json{wide}));
  EXPECT_TRUE(fits_printer(json{"四川省眉山市东坡区永丰镇新农村三"}));
  EXPECT_FALSE(fits_printer(json{1, 2}));
}

TEST(HhuSimDay, ReadingsAdvanceAndRollOverLikeTheRegister) {
  EXPECT_EQ(advanced_reading(1'234'500, 15'000, 6).reading, 1'249'500);
  EXPECT_EQ(advanced_reading(1'234'500, 15'000, 6).status, 0);
  const auto rolled = advanced_reading(99'990'000, 15'000, 6);  // 999 900.00 kWh + 150 on a 6-digit register
  EXPECT_EQ(rolled.reading, 5'000);
  EXPECT_EQ(rolled.status, 1);
  EXPECT_EQ(advanced_reading(99'990'000, 15'000, 0).status, 0);  // digits unknown: no rollover assumed
}

TEST(HhuSimDay, EachCustomerTakesTheFirstRoleThatFits) {
  const auto candidate = [](const char* no, std::int64_t total, bool partial, bool card) {
    return Candidate{Task{no, "M", 0, 6}, total, partial, card};
  };
  CustomerPicks picks;
  picks.consider(candidate("big", largest_single_payment_fen + 1, false, false));  // too much for one payment
  picks.consider(candidate("owes", 12345, true, false));
  picks.consider(candidate("card", 0, true, true));
  picks.consider(candidate("zero", 0, true, false));
  EXPECT_FALSE(picks.complete());
  picks.consider(candidate("owes too", 800, true, false));
  ASSERT_TRUE(picks.complete());
  EXPECT_EQ(picks.debtor->task.customer_no, "owes");
  EXPECT_EQ(picks.mistaken->task.customer_no, "owes too");
  EXPECT_EQ(picks.paid_up->task.customer_no, "zero");
  EXPECT_EQ(picks.card->task.customer_no, "card");
}

TEST(HhuSimDay, ArrearsAnswersWithoutTheCardFlagAreNotGuessed) {
  const Task task{"C", "M", 0, 6};
  EXPECT_FALSE(candidate_of(task, {{"total_fen", 0}, {"partial_allowed", true}}));
  EXPECT_TRUE(candidate_of(task, {{"total_fen", 0}, {"partial_allowed", true}, {"card_meter", false}}));
  EXPECT_FALSE(task_of({{"customer_no", "C"}, {"meter_no", "M"}, {"last_reading", "12"}, {"register_digits", 6}}));
}

}  // namespace
}  // namespace mstation::hhu_sim

namespace mstation::hhu_sim {
namespace {

TEST(LatencyHistogram, PercentilesOfEveryValueAreWithinTwoPercent) {
  LatencyHistogram h;
  for (int us = 1; us <= 10000; ++us) h.record(std::chrono::microseconds(us));
  EXPECT_EQ(h.count(), 10000u);
  EXPECT_NEAR(static_cast<double>(h.at(0.5).count()), 5000, 100);
  EXPECT_NEAR(static_cast<double>(h.at(0.99).count()), 9900, 200);
  EXPECT_NEAR(static_cast<double>(h.at(0.999).count()), 9990, 200);
  EXPECT_EQ(h.max().count(), 10000);
  EXPECT_EQ(h.at(1.0).count(), 10000) << "never above the largest value seen";
  LatencyHistogram slow;
  slow.record(std::chrono::seconds(3));
  h.merge(slow);
  EXPECT_EQ(h.max().count(), 3'000'000);
  EXPECT_LT(h.at(0.99).count(), 10'000) << "one outlier in 10 001 does not move p99";
}

}  // namespace
}  // namespace mstation::hhu_sim
