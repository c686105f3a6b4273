// Reconciliation's pure parts: how a serial is judged, the report's two
// forms, the schedule, the statement read a line at a time, and what
// sg186-sim can be told to get wrong in its statement.
#include <gtest/gtest.h>

#include "mstation/recon/classify.hpp"
#include "mstation/recon/report.hpp"
#include "mstation/recon/schedule.hpp"
#include "mstation/sg186/statement_file.hpp"
#include "mstation/sim/faults.hpp"
#include "mstation/sim/statement_tweaks.hpp"
#include "support/temp_dir.hpp"

namespace mstation::recon {
namespace {

using Kind = StationSide::Kind;

StationSide charge(const std::string& state, std::int64_t amount = 1000) {
  return {Kind::charge, 7, 11, "5100012345", amount, state, ""};
}
StationSide reversal(const std::string& state) { return {Kind::reversal, 8, 12, "5100012345", 1000, state, ""}; }
StationSide automatic(const std::string& state, const std::string& result) {
  return {Kind::auto_reversal, 7, 12, "5100012345", 1000, state, result};
}
Sg186Side line(char status, std::int64_t amount = 1000, unsigned code = 11) {
  return {code, "5100012345", amount, status};
}

TEST(ReconJudge, ASucceededPaymentSG186BookedMatches) {
  const auto v = judge(charge("succeeded"), line('1'));
  EXPECT_EQ(v.cls, Class::matched);
  EXPECT_EQ(v.settle, Settle::none);
}

TEST(ReconJudge, ASucceededPaymentSG186NeverGotIsLocalOnly) {
  EXPECT_EQ(judge(charge("succeeded"), std::nullopt).cls, Class::local_only);
}

TEST(ReconJudge, ALineTheStationNeverSentIsUpstreamOnly) {
  EXPECT_EQ(judge(std::nullopt, line('1')).cls, Class::upstream_only);
  EXPECT_EQ(judge(std::nullopt, line('2')).cls, Class::upstream_only);
}

TEST(ReconJudge, DifferentAmountsAreAnAmountMismatch) {
  const auto v = judge(charge("succeeded", 1000), line('1', 999));
  EXPECT_EQ(v.cls, Class::amount_mismatch);
  EXPECT_NE(v.note.find("1000"), std::string::npos);
}

TEST(ReconJudge, ReversedOnOneSideOnlyIsAStateMismatch) {
  EXPECT_EQ(judge(charge("succeeded"), line('2')).cls, Class::state_mismatch);
  // The late original after a 1016: the station reversed it, SG186 kept it.
  EXPECT_EQ(judge(charge("reversed"), line('1')).cls, Class::state_mismatch);
}

TEST(ReconJudge, AReversedChargeMatchesAReversedLineOrNoLineAtAll) {
  EXPECT_EQ(judge(charge("reversed"), line('2')).cls, Class::matched);
  EXPECT_EQ(judge(charge("reversed"), std::nullopt).cls, Class::matched);
}

TEST(ReconJudge, ADeclinedChargeSG186BookedIsUpstreamOnly) {
  EXPECT_EQ(judge(charge("declined"), std::nullopt).cls, Class::matched);
  EXPECT_EQ(judge(charge("declined"), line('1')).cls, Class::upstream_only);
  EXPECT_EQ(judge(charge("not_charged"), line('1')).cls, Class::upstream_only);
}

TEST(ReconJudge, AnUnknownChargeIsSettledByTheStatement) {
  const auto never = judge(charge("unknown"), std::nullopt);
  EXPECT_EQ(never.cls, Class::matched);
  EXPECT_EQ(never.settle, Settle::not_charged);
  const auto undone = judge(charge("unknown"), line('2'));
  EXPECT_EQ(undone.cls, Class::matched);
  EXPECT_EQ(undone.settle, Settle::reversed);
  const auto booked = judge(charge("unknown"), line('1'));
  EXPECT_EQ(booked.cls, Class::upstream_only);
  EXPECT_EQ(booked.settle, Settle::manual);
  EXPECT_NE(booked.note.find("txn resolve 7"), std::string::npos) << booked.note;
}

TEST(ReconJudge, PendingAndManualRecordsAreNeverSettledAutomatically) {
  const auto pending = judge(charge("pending"), std::nullopt);
  EXPECT_EQ(pending.settle, Settle::none);
  EXPECT_TRUE(pending.open);  // the books cannot agree while a record is undecided
  const auto manual = judge(charge("manual"), line('1'));
  EXPECT_EQ(manual.cls, Class::upstream_only);
  EXPECT_EQ(manual.settle, Settle::none);
  EXPECT_TRUE(manual.open);
  EXPECT_TRUE(judge(charge("manual"), std::nullopt).open);
}

TEST(ReconJudge, ATerminalReversalIsJudgedLikeAnyMoneyLine) {
  EXPECT_EQ(judge(reversal("succeeded"), line('1', 1000, 12)).cls, Class::matched);
  EXPECT_EQ(judge(reversal("succeeded"), std::nullopt).cls, Class::local_only);
  EXPECT_EQ(judge(reversal("unknown"), line('1', 1000, 12)).settle, Settle::reversal_succeeded);
  EXPECT_EQ(judge(reversal("unknown"), std::nullopt).settle, Settle::not_charged);
  EXPECT_EQ(judge(reversal("declined"), line('1', 1000, 12)).cls, Class::upstream_only);
}

TEST(ReconJudge, AnAutomaticReversalIsJudgedByItsSafResult) {
  EXPECT_EQ(judge(automatic("done", "1001"), line('1', 1000, 12)).cls, Class::matched);
  EXPECT_EQ(judge(automatic("done", "1001"), std::nullopt).cls, Class::local_only);
  EXPECT_EQ(judge(automatic("done", "1016"), std::nullopt).cls, Class::matched);
  EXPECT_EQ(judge(automatic("done", "1016"), line('1', 1000, 12)).cls, Class::upstream_only);
  const auto queued = judge(automatic("queued", ""), line('1', 1000, 12));
  EXPECT_EQ(queued.cls, Class::matched);
  EXPECT_EQ(queued.settle, Settle::saf_done);
  EXPECT_EQ(judge(automatic("queued", ""), std::nullopt).settle, Settle::none);
}

TEST(ReconJudge, ALineForAnotherCustomerIsAStateMismatch) {
  auto other = line('1');
  other.cons_no = "5100099999";
  const auto v = judge(charge("succeeded"), other);
  EXPECT_EQ(v.cls, Class::state_mismatch);
  EXPECT_NE(v.note.find("5100099999"), std::string::npos);
  EXPECT_EQ(judge(charge("unknown"), other).settle, Settle::none);
}

TEST(ReconJudge, WhatTheStationNeverCollectedIsUpstreamOnlyWhateverTheLineSays) {
  auto other = line('1', 500);
  other.cons_no = "5100099999";
  EXPECT_EQ(judge(charge("declined"), other).cls, Class::upstream_only);
  EXPECT_EQ(judge(charge("not_charged"), line('2', 500)).cls, Class::matched);
}

TEST(ReconJudge, AManualRecordWithADifferentLineStaysOpen) {
  const auto v = judge(charge("manual", 1000), line('1', 900));
  EXPECT_EQ(v.cls, Class::amount_mismatch);
  EXPECT_TRUE(v.open);
}

TEST(ReconJudge, NothingIsSettledFromALineWithAnotherAmount) {
  const auto v = judge(charge("unknown", 1000), line('2', 900));
  EXPECT_EQ(v.cls, Class::amount_mismatch);
  EXPECT_EQ(v.settle, Settle::none);
  EXPECT_EQ(judge(reversal("unknown"), line('1', 999, 12)).settle, Settle::none);
}

TEST(ReconJudge, ALineOfAnotherTransactionCodeIsAStateMismatch) {
  const auto v = judge(charge("succeeded"), line('1', 1000, 13));
  EXPECT_EQ(v.cls, Class::state_mismatch);
  EXPECT_NE(v.note.find("013"), std::string::npos);
}

TEST(ReconJudge, ShownStateNamesTheSafResultOfAnAutomaticReversal) {
  EXPECT_EQ(shown_state(automatic("done", "1016")), "saf:done/1016");
  EXPECT_EQ(shown_state(charge("unknown")), "unknown");
}

Report sample_report() {
  Report r;
  r.business_date = 20261130;
  r.agency = "510100000001";
  r.counts = {10, 0, 1, 0, 0};
  r.station = {10, 123456};
  r.sg186 = {11, 123556};
  Item i;
  i.cls = Class::upstream_only;
  i.serial = "20261130999999900001";
  i.customer_no = "5100012345";
  i.sg186_amount_fen = 100;
  i.sg186_status = '1';
  i.sg186_txn_code = 11;
  i.note = "SG186 credited the customer for a transaction the station never sent";
  r.items.push_back(i);
  r.settled.push_back({42, "20261130000000000042", "unknown", "not_charged"});
  return r;
}

TEST(ReconReport, JsonFollowsTheContract) {
  const auto j = to_json(sample_report());
  EXPECT_EQ(j["business_date"], "2026-11-30");
  EXPECT_EQ(j["agency"], "510100000001");
  EXPECT_EQ(j["result"], "discrepancies");
  EXPECT_EQ(j["counts"]["matched"], 10);
  EXPECT_EQ(j["counts"]["upstream_only"], 1);
  EXPECT_EQ(j["counts"]["state_mismatch"], 0);
  EXPECT_EQ(j["station"]["amount_fen"], 123456);
  EXPECT_EQ(j["sg186"]["count"], 11);
  ASSERT_EQ(j["items"].size(), 1u);
  const auto& item = j["items"][0];
  EXPECT_EQ(item["class"], "upstream_only");
  EXPECT_TRUE(item["txn_id"].is_null());
  EXPECT_TRUE(item["station_amount_fen"].is_null());
  EXPECT_TRUE(item["station_state"].is_null());
  EXPECT_EQ(item["sg186_amount_fen"], 100);
  EXPECT_EQ(item["sg186_status"], "1");
  EXPECT_EQ(j["settled"][0]["from"], "unknown");
  EXPECT_EQ(j["settled"][0]["to"], "not_charged");
}

TEST(ReconReport, TextPutsTotalsFirstThenADiscrepancyALineWithWhatToDo) {
  const auto text = to_text(sample_report());
  EXPECT_LT(text.find("net collected"), text.find("upstream_only "));
  EXPECT_NE(text.find("1234.56元"), std::string::npos) << text;
  EXPECT_NE(text.find("difference -1 txns, -1.00元"), std::string::npos) << text;
  EXPECT_NE(text.find("20261130999999900001"), std::string::npos);
  EXPECT_NE(text.find("→ SG186 credited"), std::string::npos);
  EXPECT_NE(text.find("txn 42 serial 20261130000000000042: unknown → not_charged"), std::string::npos);
}

TEST(ReconReport, BooksAgreeOnlyWithNoItemsNothingOpenAndEqualTotals) {
  Report r;
  EXPECT_TRUE(r.agreed());
  r.sg186.count = 1;
  EXPECT_FALSE(r.agreed());
  EXPECT_STREQ(r.result(), "discrepancies");
  Report open;
  open.open.push_back({7, "S", "pending", "still pending"});
  EXPECT_FALSE(open.agreed());
}

TEST(ReconSchedule, TheDefaultDateIsTheBusinessDateBeforeTodayInChina) {
  // 2026-12-01 01:30 in China is still 2026-11-30 17:30 UTC.
  const auto t = *from_china_time({2026, 12, 1, 1, 30, 0});
  EXPECT_EQ(previous_business_date(t), 20261130u);
  EXPECT_EQ(previous_business_date(*from_china_time({2026, 3, 1, 12, 0, 0})), 20260228u);
}

TEST(ReconSchedule, TheNightlyRunIsDueFromReconcileTimeForYesterday) {
  EXPECT_FALSE(nightly_due(*from_china_time({2026, 12, 1, 1, 59, 59}), "02:00"));
  EXPECT_EQ(nightly_due(*from_china_time({2026, 12, 1, 2, 0, 0}), "02:00"), 20261130u);
  EXPECT_EQ(nightly_due(*from_china_time({2026, 12, 1, 23, 0, 0}), "02:00:30"), 20261130u);
  EXPECT_EQ(at_china_time(*from_china_time({2026, 12, 1, 3, 0, 0}), "08:00:15"),
            *from_china_time({2026, 12, 1, 8, 0, 15}));
}

TEST(ReconSchedule, WaitingBacksOffToAMinute) {
  EXPECT_EQ(wait_backoff(2).count(), 1);
  EXPECT_EQ(wait_backoff(3).count(), 2);
  EXPECT_EQ(wait_backoff(5).count(), 8);
  EXPECT_EQ(wait_backoff(30).count(), 60);
}

TEST(StatementReader, ReadsLineByLineAndNamesTheBadLine) {
  const std::string text =
      "20261130|1|500|0001|\nS1|C1|5100|011|500|20261130|101010||1|\n\nS2|C2|5100|013|x|20261130|101010||1|\n";
  sg186::StatementReader reader(text);
  sg186::StatementFile header;
  ASSERT_TRUE(reader.read_header(header));
  EXPECT_EQ(header.total_amount_fen, 500u);
  sg186::StatementLine l;
  ASSERT_EQ(reader.next(l), sg186::StatementReader::Next::line);
  EXPECT_EQ(l.serial, "S1");
  EXPECT_EQ(reader.next(l), sg186::StatementReader::Next::bad);
  EXPECT_EQ(reader.problem(), "line 4: AMOUNT is not a number");
}

TEST(StatementReader, AnUnterminatedLastLineIsBad) {
  sg186::StatementReader reader("20261130|0|0|0001|\nS1|C1|5100|011|5|20261130|101010||1|");
  sg186::StatementFile header;
  ASSERT_TRUE(reader.read_header(header));
  sg186::StatementLine l;
  EXPECT_EQ(reader.next(l), sg186::StatementReader::Next::bad);
  EXPECT_EQ(reader.problem(), "line 2: no line end");
}

TEST(StatementTweaks, DropChangeAndAddLinesAndKeepTheFileConsistent) {
  sg186::StatementFile f;
  f.check_date = 20261130;
  f.lines = {{"A", "C1", "5100", 11, 1000, 20261130, 101010, "", '1'},
             {"B", "C2", "5101", 13, 2000, 20261130, 101011, "", '1'}};
  sim::StatementTweaks t;
  t.drop = {"A"};
  t.amount = {{"B", 2500}};
  t.add = 2;
  t.apply(f, "5109");
  ASSERT_EQ(f.lines.size(), 3u);
  EXPECT_EQ(f.lines[0].serial, "B");
  EXPECT_EQ(f.lines[0].amount_fen, 2500u);
  EXPECT_EQ(f.lines[1].cons_no, "5109");
  EXPECT_NE(f.lines[1].serial, f.lines[2].serial);
  EXPECT_EQ(f.total_count, 3u);
  EXPECT_EQ(f.total_amount_fen, 2700u);
}

TEST(StatementTweaks, AreSetByControlSettingsAndSurviveTheControlFile) {
  sim::FaultPlan p;
  EXPECT_FALSE(p.set("statement_drop=S1,S2"));
  EXPECT_FALSE(p.set("statement_drop=S3"));
  EXPECT_FALSE(p.set("statement_amount=S4:123"));
  EXPECT_FALSE(p.set("statement_add=2"));
  EXPECT_FALSE(p.set("statement_not_ready=1"));
  EXPECT_FALSE(p.set("statement_bad_totals=1"));
  EXPECT_FALSE(p.set("reversal_not_found=0.5"));
  EXPECT_TRUE(p.set("statement_amount=S4"));
  EXPECT_TRUE(p.set("statement_not_ready=yes"));
  EXPECT_TRUE(p.set("statement_add=-1"));
  EXPECT_EQ(p.statement.drop.size(), 3u);
  EXPECT_EQ(p.statement.amount.at("S4"), 123u);
  EXPECT_NE(p.describe().find("statement_add=2"), std::string::npos);
  test::TempDir dir;
  sim::write_plan(dir.path(), p);
  const auto back = sim::read_plan(dir.path());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->statement.drop, p.statement.drop);
  EXPECT_EQ(back->statement.amount, p.statement.amount);
  EXPECT_EQ(back->statement.add, 2u);
  EXPECT_TRUE(back->statement.not_ready);
  EXPECT_TRUE(back->statement.bad_totals);
  EXPECT_DOUBLE_EQ(back->reversal_not_found, 0.5);
}

}  // namespace
}  // namespace mstation::recon
