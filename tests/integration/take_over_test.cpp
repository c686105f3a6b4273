// A money transaction whose process died between its write-ahead and its
// answer (design.md §2): the terminal's retransmission, once the original has
// been in progress too long, finishes it in the original's place as "in
// doubt" — 98, `unknown`, a reversal queued — and a late original cannot
// overwrite that answer. A request that never got as far as its write-ahead
// simply runs again.
#include <gtest/gtest.h>

#include "mstation/txn/codes.hpp"
#include "processor_fixture.hpp"

namespace mstation::test {
namespace {

class TakeOverTest : public ProcessorTest {
 protected:
  void SetUp() override {
    ProcessorTest::SetUp();
    add_operator("0042", "123456");
    terminal = enroll("51010001");
    ASSERT_EQ(sign_on(terminal).code(), "00");
  }
  std::string text(const std::string& sql) {
    pqxx::read_transaction tx(db);
    return tx.exec1(sql)[0].as<std::string>();
  }
  hhu::TerminalClient terminal = hhu::TerminalClient("00000000", hhu::Suite::tdea, SecretBytes(24));
};

TEST_F(TakeOverTest, APaymentLeftInDoubtByADeadProcessIsAnswered98AndReversed) {
  const auto frame = terminal.request(txn::txns::payment, {{"customer_no", "5100000007"}, {"amount_fen", 1200}}, now);
  const auto asked = send(frame);
  ASSERT_EQ(asked.action, txn::Outcome::Action::ask_sg186);
  EXPECT_EQ(text("SELECT state FROM mstation.business_txn"), "pending");
  // The process "dies" here: its SG186 request may or may not have gone out.
  const auto taken = processor.take_over(app, committer, {++exchange_id, "127.0.0.2"}, frame);
  ASSERT_EQ(taken.action, txn::Outcome::Action::respond);
  EXPECT_EQ(terminal.open(taken.response).code(), "98");
  EXPECT_EQ(text("SELECT state FROM mstation.business_txn"), "unknown");
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.saf_entry WHERE purpose = 'reversal'"), 1);
  EXPECT_EQ(scalar("SELECT coalesce(sum(in_transit_fen), 0) FROM mstation.operator_cash"), 0);

  // The original was only slow after all: its success cannot replace the answer given.
  sg186::ExchangeResult late;
  late.kind = sg186::ResultKind::answered;
  late.answer = sg186::Message{};
  late.answer->header.rsp_code = "1001";
  const auto resumed = processor.resume(app, committer, asked, late);
  ASSERT_EQ(resumed.action, txn::Outcome::Action::respond);
  EXPECT_EQ(resumed.response, taken.response);
  EXPECT_EQ(text("SELECT state FROM mstation.business_txn"), "unknown");
}

TEST_F(TakeOverTest, AQueryLeftInProgressRunsAgain) {
  const auto frame = terminal.request(txn::txns::arrears_query, {{"customer_no", "5100000007"}}, now);
  ASSERT_EQ(send(frame).action, txn::Outcome::Action::ask_sg186);
  const auto taken = processor.take_over(app, committer, {++exchange_id, "127.0.0.2"}, frame);
  EXPECT_EQ(taken.action, txn::Outcome::Action::ask_sg186);
}

}  // namespace
}  // namespace mstation::test
