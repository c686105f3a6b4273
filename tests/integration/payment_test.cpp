// PAYMENT, PREPAYMENT and REVERSAL end to end (hhu-protocol.md §5): handheld →
// mstation → sg186-sim, with the business transaction records, the limits,
// the automatic reversal of payments left in doubt, and the simulator's
// ledger as the witness of what was charged.
#include <gtest/gtest.h>

#include "business_fixture.hpp"
#include "mstation/txn/print_layout.hpp"
#include "support/paths.hpp"
#include "support/process.hpp"

namespace mstation::test {
namespace {

using namespace std::chrono_literals;
using txn::txns::payment;
using txn::txns::prepayment;
using txn::txns::reversal;

class PaymentTest : public BusinessTest {
 protected:
  // Pays what the customer owes today, SG186 faults (`sim control` settings) applying to the payment only.
  hhu::Response pay_all(hhu::TerminalClient& t, const sim::Customer& c, const std::vector<std::string>& faults = {}) {
    const auto q = over_socket(t, txn::txns::arrears_query, {{"customer_no", c.cons_no}});
    paid_fen = q.body["total_fen"].get<std::int64_t>();
    if (!faults.empty()) sim->control(faults);
    return over_socket(t, payment, {{"customer_no", c.cons_no}, {"amount_fen", paid_fen}});
  }
  std::int64_t paid_fen = 0;
};

TEST_F(PaymentTest, APaymentIsChargedOnceRecordedAndGetsAPrintableReceipt) {
  start_with_sim();
  auto t = signed_on();
  const auto& c = customer(owes);
  const auto r = pay_all(t, c);
  ASSERT_EQ(r.code(), "00") << r.body.dump();
  const auto txn_id = r.body["txn_id"].get<std::int64_t>();
  EXPECT_EQ(state_of(txn_id), "succeeded");
  EXPECT_EQ(text("SELECT sg186_serial FROM mstation.business_txn WHERE txn_id = " + std::to_string(txn_id)),
            r.body["serial"]);
  EXPECT_EQ(text("SELECT charge_id FROM mstation.business_txn WHERE txn_id = " + std::to_string(txn_id)),
            r.body["charge_id"]);
  EXPECT_EQ(net_charged(c.cons_no), paid_fen);
  EXPECT_EQ(r.body["prepaid_balance_fen"], c.prepaid_fen);
  const auto& lines = r.body["receipt"]["lines"];
  ASSERT_GT(lines.size(), 5u);
  for (const auto& line : lines) EXPECT_LE(txn::print_columns(line.get<std::string>()), 32u) << line;
  EXPECT_FALSE(r.body["receipt"]["receipt_no"].get<std::string>().empty());
  // The serial was written ahead: the request journaled before the answer, in the write-ahead commit.
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.journal WHERE kind = 'sg186_request' AND txn = '011' "
                   "AND decoded->'header'->>'serial' = '" + r.body["serial"].get<std::string>() + "'"),
            1);
  EXPECT_EQ(scalar("SELECT in_transit_fen FROM mstation.operator_cash WHERE operator_id = '0042'"), paid_fen);
}

TEST_F(PaymentTest, BadAmountsAndLimitsAreRefusedBeforeSG186) {
  overrides["limits"] = {{"max_payment_fen", 100000}, {"max_cash_in_transit_fen", 150000}};
  start_with_sim();
  auto t = signed_on();
  const auto& c = customer(owes_nothing);
  EXPECT_EQ(over_socket(t, payment, {{"customer_no", c.cons_no}, {"amount_fen", 0}}).code(), "13");
  EXPECT_EQ(over_socket(t, payment, {{"customer_no", c.cons_no}, {"amount_fen", -5}}).code(), "13");
  EXPECT_EQ(over_socket(t, payment, {{"customer_no", c.cons_no}, {"amount_fen", "100"}}).code(), "30");
  EXPECT_EQ(over_socket(t, payment, {{"customer_no", c.cons_no}, {"amount_fen", 1.5}}).code(), "30");
  EXPECT_EQ(over_socket(t, payment, {{"amount_fen", 100}}).code(), "30");
  EXPECT_EQ(over_socket(t, payment, {{"customer_no", c.cons_no}, {"amount_fen", 100001}}).code(), "61");
  EXPECT_EQ(charges(c.cons_no), 0);
  // Cash in transit: 100000 + 50001 would pass 150000.
  ASSERT_EQ(over_socket(t, prepayment, {{"customer_no", c.cons_no}, {"amount_fen", 100000}}).code(), "00");
  const auto over = over_socket(t, prepayment, {{"customer_no", c.cons_no}, {"amount_fen", 50001}});
  EXPECT_EQ(over.code(), "61");
  EXPECT_EQ(over.body["cash_in_transit_fen"], 100000);
  // Cash handed in at the office makes room again.
  const auto handin = run_process({mstation_binary(), "cash", "handin", "--operator", "0042", "--amount-fen", "60000",
                                   "--config", (dir.path() / "mstation.json").string()});
  ASSERT_EQ(handin.exit_code, 0) << handin.err;
  EXPECT_NE(handin.out.find("40000 fen still in transit"), std::string::npos) << handin.out;
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.journal WHERE kind = 'cash_handin'"), 1);
  EXPECT_EQ(over_socket(t, prepayment, {{"customer_no", c.cons_no}, {"amount_fen", 50001}}).code(), "00");
}

TEST_F(PaymentTest, SG186DeclinesAreMappedAndRecordedAsDeclined) {
  start_with_sim();
  auto t = signed_on();
  const auto unknown = over_socket(t, payment, {{"customer_no", "5199999999"}, {"amount_fen", 100}});
  EXPECT_EQ(unknown.code(), "14");
  EXPECT_EQ(state_of(unknown.body["txn_id"]), "declined");
  const auto& card = customer([](const sim::Customer& x) { return x.card_meter; });
  const auto refused = over_socket(t, payment, {{"customer_no", card.cons_no}, {"amount_fen", 100}});
  EXPECT_EQ(refused.code(), "51");
  EXPECT_EQ(refused.body["upstream_code"], "1039");
  const auto& owing = customer(owes);
  const auto blocked = over_socket(t, prepayment, {{"customer_no", owing.cons_no}, {"amount_fen", 100}});
  EXPECT_EQ(blocked.code(), "51");
  EXPECT_EQ(blocked.body["upstream_code"], "1037");
  // Declined cash never stays in transit.
  EXPECT_EQ(scalar("SELECT coalesce(sum(in_transit_fen), 0) FROM mstation.operator_cash"), 0);
}

TEST_F(PaymentTest, SG186DownBeforeSendingIs91AndNothingIsCharged) {
  start_with_sim({"--fault", "down=1"});
  auto t = signed_on();
  const auto& c = customer(owes_nothing);
  const auto r = over_socket(t, prepayment, {{"customer_no", c.cons_no}, {"amount_fen", 500}});
  EXPECT_EQ(r.code(), "91");
  EXPECT_EQ(state_of(r.body["txn_id"]), "declined");
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.saf_entry"), 0);
}

TEST_F(PaymentTest, APaymentWhoseAnswerNeverComesIs98ThenReversedAutomatically) {
  start_with_sim();
  auto t = signed_on();
  const auto& c = customer(owes);
  const auto r = pay_all(t, c, {"close_after_commit=1"});
  ASSERT_EQ(r.code(), "98") << r.body.dump();
  const auto txn_id = r.body["txn_id"].get<std::int64_t>();
  EXPECT_EQ(state_of(txn_id), "unknown");
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.saf_entry WHERE purpose = 'reversal' AND txn_id = " +
                   std::to_string(txn_id)),
            1);
  EXPECT_EQ(net_charged(c.cons_no), paid_fen);  // SG186 did take it
  sim->control({"--clear"});
  ASSERT_TRUE(reaches(txn_id, "reversed"));
  EXPECT_EQ(net_charged(c.cons_no), 0);
  EXPECT_EQ(text("SELECT state FROM mstation.saf_entry WHERE txn_id = " + std::to_string(txn_id)), "done");
  EXPECT_EQ(scalar("SELECT coalesce(sum(in_transit_fen), 0) FROM mstation.operator_cash"), 0);
  // A reversal of it by the terminal is refused: it is reversed already.
  const auto again = over_socket(t, reversal, {{"orig_seq", t.last_seq()}, {"customer_no", c.cons_no},
                                               {"amount_fen", paid_fen}});
  EXPECT_EQ(again.code(), "A4");
}

TEST_F(PaymentTest, WithSG186DownForAWhileTheReversalQueueDrainsWhenItIsBack) {
  start_with_sim({"--fault", "close_after_commit=1"});
  auto t = signed_on();
  const auto& c = customer(owes_nothing);
  const auto r = over_socket(t, prepayment, {{"customer_no", c.cons_no}, {"amount_fen", 1234}});
  ASSERT_EQ(r.code(), "98");
  const auto txn_id = r.body["txn_id"].get<std::int64_t>();
  sim->control({"--clear", "down=1"});
  ASSERT_TRUE(eventually([&] { return scalar("SELECT attempts FROM mstation.saf_entry") >= 2; }, 30s));
  EXPECT_EQ(state_of(txn_id), "unknown");
  EXPECT_EQ(text("SELECT last_result FROM mstation.saf_entry"), "not_delivered");
  sim->control({"--clear"});
  ASSERT_TRUE(reaches(txn_id, "reversed"));
  EXPECT_EQ(net_charged(c.cons_no), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.saf_entry WHERE state = 'queued'"), 0);
  EXPECT_GE(metric("mstation_saf_attempts_total", {{"purpose", "reversal"}, {"txn", "012"}, {"verdict", "retry"}}), 2);
}

TEST_F(PaymentTest, ARetransmittedPaymentIsChargedOnce) {
  start_with_sim();
  auto t = signed_on();
  const auto& c = customer(owes_nothing);
  const auto request = t.request(prepayment, {{"customer_no", c.cons_no}, {"amount_fen", 777}}, Clock::now());
  const auto first = exchange_bytes("127.0.0.2", port(), request);
  const auto again = exchange_bytes("127.0.0.2", port(), request);
  EXPECT_EQ(first, again);
  EXPECT_EQ(t.open(first).code(), "00");
  EXPECT_EQ(charges(c.cons_no), 1);
  EXPECT_EQ(net_charged(c.cons_no), 777);
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.business_txn WHERE txn = '0204'"), 1);
}

TEST_F(PaymentTest, AReversalTakesBackTheTerminalsOwnPaymentOfToday) {
  start_with_sim();
  auto t = signed_on();
  const auto& c = customer(owes);
  const auto paid = pay_all(t, c);
  ASSERT_EQ(paid.code(), "00");
  const auto seq = t.last_seq();
  const auto amount = paid_fen;
  // 25: not a SEQ of ours; 64: other amount; then the reversal; then A4.
  EXPECT_EQ(over_socket(t, reversal, {{"orig_seq", seq + 100}, {"customer_no", c.cons_no}, {"amount_fen", amount}}).code(),
            "25");
  EXPECT_EQ(over_socket(t, reversal, {{"orig_seq", seq}, {"customer_no", c.cons_no}, {"amount_fen", amount + 1}}).code(),
            "64");
  auto other = signed_on("51010002", "127.0.0.3");
  EXPECT_EQ(over_socket(other, reversal, {{"orig_seq", seq}, {"customer_no", c.cons_no}, {"amount_fen", amount}},
                        "127.0.0.3")
                .code(),
            "25");
  const auto r = over_socket(t, reversal, {{"orig_seq", seq}, {"customer_no", c.cons_no}, {"amount_fen", amount}});
  ASSERT_EQ(r.code(), "00") << r.body.dump();
  EXPECT_EQ(state_of(paid.body["txn_id"]), "reversed");
  EXPECT_EQ(state_of(r.body["txn_id"]), "succeeded");
  EXPECT_EQ(net_charged(c.cons_no), 0);
  EXPECT_FALSE(r.body["receipt"]["lines"].empty());
  EXPECT_EQ(over_socket(t, reversal, {{"orig_seq", seq}, {"customer_no", c.cons_no}, {"amount_fen", amount}}).code(),
            "A4");
  EXPECT_EQ(scalar("SELECT coalesce(sum(in_transit_fen), 0) FROM mstation.operator_cash"), 0);
}

TEST_F(PaymentTest, AReversalOfAnotherBusinessDayIs77) {
  start_with_sim();
  auto t = signed_on();
  const auto& c = customer(owes_nothing);
  ASSERT_EQ(over_socket(t, prepayment, {{"customer_no", c.cons_no}, {"amount_fen", 300}}).code(), "00");
  const auto seq = t.last_seq();
  {
    pqxx::work tx(db);
    tx.exec("UPDATE mstation.business_txn SET business_date = business_date - 1");
    tx.commit();
  }
  EXPECT_EQ(over_socket(t, reversal, {{"orig_seq", seq}, {"customer_no", c.cons_no}, {"amount_fen", 300}}).code(),
            "77");
}

TEST_F(PaymentTest, AReversalInDoubtIsResentUnderItsSerialUntilAnswered) {
  start_with_sim();
  auto t = signed_on();
  const auto& c = customer(owes_nothing);
  ASSERT_EQ(over_socket(t, prepayment, {{"customer_no", c.cons_no}, {"amount_fen", 450}}).code(), "00");
  const auto seq = t.last_seq();
  sim->control({"close_after_commit=1"});
  const auto r = over_socket(t, reversal, {{"orig_seq", seq}, {"customer_no", c.cons_no}, {"amount_fen", 450}});
  ASSERT_EQ(r.code(), "98");
  EXPECT_EQ(state_of(r.body["txn_id"]), "unknown");
  // Its original counts as reversed while the reversal is under way.
  EXPECT_EQ(over_socket(t, reversal, {{"orig_seq", seq}, {"customer_no", c.cons_no}, {"amount_fen", 450}}).code(),
            "A4");
  sim->control({"--clear"});
  ASSERT_TRUE(reaches(r.body["txn_id"], "succeeded"));
  EXPECT_EQ(text("SELECT sg186_serial FROM mstation.saf_entry"), r.body["serial"]);
  EXPECT_EQ(net_charged(c.cons_no), 0);
  EXPECT_EQ(text("SELECT state FROM mstation.business_txn WHERE txn = '0204'"), "reversed");
}

TEST_F(PaymentTest, TheReversalQueueSendsSeveralEntriesAtOnce) {
  overrides["saf"]["concurrency"] = 4;
  overrides["sg186"] = {{"exchange_timeout_ms", 3000}};
  start_with_sim({"--fault", "close_after_commit=1"});
  auto t = signed_on();
  const auto& c = customer(owes_nothing);
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 6; ++i) {
    const auto r = over_socket(t, prepayment, {{"customer_no", c.cons_no}, {"amount_fen", 100 + i}});
    ASSERT_EQ(r.code(), "98") << r.body.dump();
    ids.push_back(r.body["txn_id"].get<std::int64_t>());
  }
  sim->control({"--clear", "hang=1"});
  // A hung exchange holds its entry's lease: four leases held at once are four entries being sent at once.
  EXPECT_TRUE(eventually(
      [&] { return scalar("SELECT count(*) FROM mstation.saf_entry WHERE claimed_until > now()") == 4; }, 30s));
  EXPECT_LE(scalar("SELECT count(*) FROM mstation.saf_entry WHERE claimed_until > now()"), 4);
  sim->control({"--clear"});
  for (const auto id : ids) EXPECT_TRUE(reaches(id, "reversed")) << id;
  EXPECT_EQ(net_charged(c.cons_no), 0);
}

}  // namespace
}  // namespace mstation::test
