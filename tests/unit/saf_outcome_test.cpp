// What a store-and-forward attempt means (design.md §2): which SG186 answers
// end an entry, which make it manual, which are tried again, and the backoff.
#include <gtest/gtest.h>

#include "mstation/saf/saf_outcome.hpp"

namespace mstation::saf {
namespace {

sg186::ExchangeResult answered(const std::string& code) {
  sg186::ExchangeResult r;
  r.kind = sg186::ResultKind::answered;
  r.answer = sg186::Message{};
  r.answer->header.rsp_code = code;
  return r;
}

store::SafEntry entry(const char* purpose, const char* txn) {
  store::SafEntry e;
  e.purpose = purpose;
  e.sg186_txn = txn;
  return e;
}

TEST(SafJudge, AnAutomaticReversalEndsOnSuccessNotFoundOrAlreadyReversed) {
  const auto e = entry("reversal", "012");
  for (const char* code : {"1001", "1016", "1017"}) EXPECT_EQ(judge(e, answered(code)).verdict, Verdict::done) << code;
  for (const char* code : {"1015", "1005", "1006", "1050"}) {
    EXPECT_EQ(judge(e, answered(code)).verdict, Verdict::manual) << code;
  }
  EXPECT_EQ(judge(e, answered("1002")).verdict, Verdict::retry);
  EXPECT_EQ(judge(e, answered("1043")).verdict, Verdict::retry);
}

TEST(SafJudge, NoAnswerIsTriedAgainAndSaysWhy) {
  sg186::ExchangeResult r;
  r.kind = sg186::ResultKind::in_doubt;
  const auto j = judge(entry("reversal", "012"), r);
  EXPECT_EQ(j.verdict, Verdict::retry);
  EXPECT_EQ(j.result, "in_doubt");
  r.kind = sg186::ResultKind::not_delivered;
  EXPECT_EQ(judge(entry("resend", "021"), r).result, "not_delivered");
}

TEST(SafJudge, AResentReversalEndsOnSuccessOrAlreadyReversedElseManual) {
  const auto e = entry("resend", "012");
  EXPECT_EQ(judge(e, answered("1001")).verdict, Verdict::done);
  EXPECT_EQ(judge(e, answered("1017")).verdict, Verdict::done);
  EXPECT_EQ(judge(e, answered("1016")).verdict, Verdict::manual);
  EXPECT_EQ(judge(e, answered("1015")).verdict, Verdict::manual);
}

TEST(SafJudge, AResentUploadOrConfirmationEndsOnAnyAnswer) {
  EXPECT_EQ(judge(entry("resend", "021"), answered("1002")).verdict, Verdict::done);
  EXPECT_EQ(judge(entry("resend", "041"), answered("1001")).verdict, Verdict::done);
}

TEST(SafBackoff, DoublesFromOneSecondUpToTheCap) {
  using std::chrono::seconds;
  EXPECT_EQ(backoff(0, seconds(300)), seconds(1));
  EXPECT_EQ(backoff(1, seconds(300)), seconds(2));
  EXPECT_EQ(backoff(5, seconds(300)), seconds(32));
  EXPECT_EQ(backoff(9, seconds(300)), seconds(300));
  EXPECT_EQ(backoff(1000, seconds(300)), seconds(300));
}

}  // namespace
}  // namespace mstation::saf
