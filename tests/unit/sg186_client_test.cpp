// How the client judges what came back (no sockets: judge_answer).
#include <gtest/gtest.h>

#include <functional>

#include "mstation/sg186/client.hpp"

namespace mstation::sg186 {
namespace {

Header asked() {
  return request_header(payment({"5100012345", 12445, "01", {}}), "510100000001", "20261128000000000123", 20261128,
                        20261128103015);
}

std::string answer_with(const std::function<void(Header&)>& change, const std::string& body = "") {
  Header h = asked();
  h.rsp_code = "1001";
  h.rsp_msg = "交易成功";
  h.record_num = 0;
  change(h);
  return encode_message(h, body);
}

TEST(Sg186ClientJudge, TheRightAnswerIsAnswered) {
  const auto r = judge_answer(asked(), answer_with([](Header&) {}));
  EXPECT_EQ(r.kind, ResultKind::answered);
  EXPECT_TRUE(r.succeeded());
}

TEST(Sg186ClientJudge, ADeclineIsAnsweredButNotSucceeded) {
  const auto r = judge_answer(asked(), answer_with([](Header& h) { h.rsp_code = "1035"; }));
  EXPECT_EQ(r.kind, ResultKind::answered);
  EXPECT_FALSE(r.succeeded());
}

TEST(Sg186ClientJudge, AnAnswerToAnotherRequestLeavesUsInDoubt) {
  const auto wrong_serial = judge_answer(asked(), answer_with([](Header& h) { h.serial = "X0261128000000000123"; }));
  EXPECT_EQ(wrong_serial.kind, ResultKind::in_doubt);
  EXPECT_EQ(wrong_serial.problem, "answer carries SERIAL 'X0261128000000000123', asked '20261128000000000123'");
  const auto wrong_txn = judge_answer(asked(), answer_with([](Header& h) { h.txn_code = 10; }));
  EXPECT_EQ(wrong_txn.kind, ResultKind::in_doubt);
  EXPECT_EQ(wrong_txn.problem, "answer is for TXN_CODE 010, asked 011");
}

TEST(Sg186ClientJudge, GarbageOrNoCodeLeavesUsInDoubtAndKeepsTheBytes) {
  const auto garbage = judge_answer(asked(), "GARBAGE!\x01\x02");
  EXPECT_EQ(garbage.kind, ResultKind::in_doubt);
  EXPECT_EQ(garbage.received, "GARBAGE!\x01\x02");
  EXPECT_EQ(garbage.problem.rfind("unreadable answer: ", 0), 0u);
  const auto no_code = judge_answer(asked(), answer_with([](Header& h) { h.rsp_code = ""; }));
  EXPECT_EQ(no_code.kind, ResultKind::in_doubt);
}

}  // namespace
}  // namespace mstation::sg186
