// The other business transactions end to end (hhu-protocol.md §5): card
// meters, reading upload and bill estimate, dunning notices, receipts
// reprinted, the operator's statistics and the terminal's day settlement.
#include <gtest/gtest.h>

#include "business_fixture.hpp"
#include "mstation/txn/print_layout.hpp"

namespace mstation::test {
namespace {

using namespace std::chrono_literals;
namespace txns = txn::txns;

class FieldWorkTest : public BusinessTest {
 protected:
  nlohmann::json buy(hhu::TerminalClient& t, const sim::Customer& c, std::int64_t amount) {
    const auto count = sim->ledger({"--customer", c.cons_no})["buy_count"].get<std::int64_t>();
    const auto r = over_socket(t, txns::card_purchase,
                               {{"customer_no", c.cons_no}, {"meter_no", c.meter_no}, {"amount_fen", amount},
                                {"card_serial", "A1B2C3D4"}, {"purchase_count", count}});
    EXPECT_EQ(r.code(), "00") << r.body.dump();
    return r.body;
  }
};

TEST_F(FieldWorkTest, ACardPurchaseGivesWriteDataAndItsConfirmationIsRecordedOnce) {
  start_with_sim();
  auto t = signed_on();
  const auto& c = customer([](const sim::Customer& x) { return x.card_meter; });
  const auto bought = buy(t, c, 5000);
  EXPECT_FALSE(bought["write_data"].get<std::string>().empty());
  EXPECT_EQ(bought["new_purchase_count"], c.buy_count + 1);
  const auto txn_id = bought["txn_id"].get<std::int64_t>();
  const auto confirmed = over_socket(t, txns::card_write_confirm, {{"txn_id", txn_id}, {"written", true}});
  ASSERT_EQ(confirmed.code(), "00") << confirmed.body.dump();
  EXPECT_EQ(confirmed.body["status"], "confirmed");
  // Again: the recorded answer, nothing sent twice.
  EXPECT_EQ(over_socket(t, txns::card_write_confirm, {{"txn_id", txn_id}, {"written", false}}).body["status"],
            "confirmed");
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.journal WHERE kind = 'sg186_request' AND txn = '041'"), 1);
  EXPECT_EQ(net_charged(c.cons_no), 5000);
  // A wrong count on the card is SG186's 1051.
  const auto stale = over_socket(t, txns::card_purchase,
                                 {{"customer_no", c.cons_no}, {"meter_no", c.meter_no}, {"amount_fen", 100},
                                  {"card_serial", "A1B2C3D4"}, {"purchase_count", 0}});
  EXPECT_EQ(stale.code(), "51");
  EXPECT_EQ(stale.body["upstream_code"], "1051");
  EXPECT_EQ(over_socket(t, txns::card_write_confirm, {{"txn_id", 999999}, {"written", true}}).code(), "25");
}

TEST_F(FieldWorkTest, ACardThatWasNotWrittenHasItsPurchaseReversedOnce) {
  start_with_sim();
  auto t = signed_on();
  const auto& c = customer([](const sim::Customer& x) { return x.card_meter; });
  const auto txn_id = buy(t, c, 3000)["txn_id"].get<std::int64_t>();
  const auto r = over_socket(t, txns::card_write_confirm, {{"txn_id", txn_id}, {"written", false}});
  ASSERT_EQ(r.code(), "00");
  EXPECT_EQ(r.body["status"], "reversing");
  ASSERT_TRUE(reaches(txn_id, "reversed"));
  EXPECT_EQ(net_charged(c.cons_no), 0);
  EXPECT_EQ(over_socket(t, txns::card_write_confirm, {{"txn_id", txn_id}, {"written", false}}).body["status"],
            "reversed");
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.saf_entry WHERE purpose = 'reversal'"), 1);
}

TEST_F(FieldWorkTest, ReadingsAreUploadedAndABillEstimatedFromTheDownloadedTask) {
  start_with_sim();
  auto t = signed_on();
  EXPECT_EQ(over_socket(t, txns::bill_estimate, {{"customer_no", data.customers[0].cons_no}, {"reading", 1}}).code(),
            "14");  // not downloaded yet
  ASSERT_EQ(over_socket(t, txns::reading_tasks, {{"segment_no", "S0001"}}).code(), "00");
  const auto& c = data.customers[0];
  const auto reading = static_cast<std::int64_t>(c.last_read) + 15000;  // 150.00 on the register
  const auto estimate = over_socket(t, txns::bill_estimate, {{"customer_no", c.cons_no}, {"reading", reading}});
  ASSERT_EQ(estimate.code(), "00") << estimate.body.dump();
  EXPECT_EQ(estimate.body["usage_kwh"], 150 * static_cast<std::int64_t>(c.t_factor));
  std::int64_t sum = 0;
  for (const auto& tier : estimate.body["tiers"]) sum += tier["amount_fen"].get<std::int64_t>();
  EXPECT_EQ(sum, estimate.body["amount_fen"]);
  EXPECT_GT(sum, 0);
  EXPECT_EQ(over_socket(t, txns::bill_estimate, {{"customer_no", c.cons_no}, {"reading", "x"}}).code(), "30");
  {
    // A task no meter has — ten register digits through a 2·10^9 multiplier — is refused, not priced as garbage.
    pqxx::work tx(db);
    tx.exec_params("UPDATE mstation.reading_task SET multiplier = 2000000000, register_digits = 10, last_reading = 0 "
                   "WHERE customer_no = $1",
                   c.cons_no);
    tx.commit();
  }
  const auto huge = over_socket(t, txns::bill_estimate, {{"customer_no", c.cons_no}, {"reading", 999'999'999'999}});
  EXPECT_EQ(huge.code(), "30") << huge.body.dump();
  EXPECT_NE(huge.body.dump().find("too large to price"), std::string::npos) << huge.body.dump();
  ASSERT_EQ(over_socket(t, txns::reading_tasks, {{"segment_no", "S0001"}}).code(), "00");  // the real task again

  const nlohmann::json readings = {
      {{"customer_no", c.cons_no}, {"meter_no", c.meter_no}, {"reading", reading}, {"read_at", "2026-11-29T09:00:00+08:00"}},
      {{"customer_no", data.customers[1].cons_no},
       {"meter_no", data.customers[1].meter_no},
       {"reading", data.customers[1].last_read + 100},
       {"read_at", "2026-11-29T09:05:00+08:00"},
       {"status", 0},
       {"anomaly_code", "01"}}};
  const auto up = over_socket(t, txns::reading_upload, {{"segment_no", "S0001"}, {"readings", readings}});
  ASSERT_EQ(up.code(), "00") << up.body.dump();
  EXPECT_EQ(up.body["accepted"].get<int>() + static_cast<int>(up.body["rejected"].size()), 2);
  EXPECT_EQ(text("SELECT state FROM mstation.business_txn WHERE txn = '0102'"), "succeeded");
  EXPECT_EQ(over_socket(t, txns::reading_upload, {{"segment_no", "S0001"}, {"readings", nlohmann::json::array()}}).code(),
            "30");
}

TEST_F(FieldWorkTest, AnUploadInDoubtIsResentUnderItsSerial) {
  start_with_sim({"--fault", "close_after_commit=1"});
  auto t = signed_on();
  const auto& c = data.customers[2];
  const nlohmann::json readings = {{{"customer_no", c.cons_no}, {"meter_no", c.meter_no},
                                    {"reading", c.last_read + 500}, {"read_at", "2026-11-29T10:00:00+08:00"}}};
  const auto up = over_socket(t, txns::reading_upload, {{"segment_no", c.sect_no}, {"readings", readings}});
  EXPECT_EQ(up.code(), "91");
  EXPECT_EQ(up.body["queued"], true);
  sim->control({"--clear"});
  ASSERT_TRUE(eventually(
      [&] { return text("SELECT state FROM mstation.business_txn WHERE txn = '0102'") == "succeeded"; }, 30s));
  EXPECT_EQ(text("SELECT sg186_txn FROM mstation.saf_entry"), "021");
}

TEST_F(FieldWorkTest, ADunningNoticeStatesTheArrearsAndIsRegisteredAsServedToday) {
  start_with_sim();
  auto t = signed_on();
  const auto& c = customer(owes);
  const auto r = over_socket(t, txns::dunning_notice, {{"customer_no", c.cons_no}});
  ASSERT_EQ(r.code(), "00") << r.body.dump();
  const auto& notice = r.body["notice"];
  EXPECT_EQ(notice["notice_no"].get<std::string>().size(), 20u);
  for (const auto& line : notice["lines"]) EXPECT_LE(txn::print_columns(line.get<std::string>()), 32u) << line;
  EXPECT_EQ(sim->ledger({"--customer", c.cons_no})["notice_date"], business_date_number(Clock::now()));
  const auto none = over_socket(t, txns::dunning_notice, {{"customer_no", customer(owes_nothing).cons_no}});
  EXPECT_EQ(none.code(), "51");
  EXPECT_EQ(over_socket(t, txns::dunning_notice, {{"customer_no", "5199999999"}}).code(), "14");
}

TEST_F(FieldWorkTest, StatsSettlementReprintAndSignOffAgreeWithWhatWasDone) {
  start_with_sim();
  auto t = signed_on();
  const auto& a = customer(owes_nothing);
  const auto first = over_socket(t, txns::prepayment, {{"customer_no", a.cons_no}, {"amount_fen", 1000}});
  const auto first_seq = t.last_seq();
  const auto second = over_socket(t, txns::prepayment, {{"customer_no", a.cons_no}, {"amount_fen", 2500}});
  const auto second_seq = t.last_seq();
  const auto rev = over_socket(t, txns::reversal, {{"orig_seq", second_seq}, {"customer_no", a.cons_no}, {"amount_fen", 2500}});
  const auto rev_seq = t.last_seq();
  ASSERT_EQ(rev.code(), "00");

  const auto stats = over_socket(t, txns::collection_stats);
  ASSERT_EQ(stats.code(), "00");
  EXPECT_EQ(stats.body["count"], 2);
  EXPECT_EQ(stats.body["amount_fen"], 3500);
  EXPECT_EQ(stats.body["reversed_count"], 1);
  EXPECT_EQ(stats.body["reversed_fen"], 2500);
  EXPECT_EQ(stats.body["net_fen"], 1000);
  EXPECT_EQ(over_socket(t, txns::collection_stats, {{"date", "2026-02-30"}}).code(), "30");

  const auto today = iso8601_china(Clock::now()).substr(0, 10);
  const nlohmann::json items = {{{"seq", first_seq}, {"txn", "0204"}, {"amount_fen", 1000}},
                                {{"seq", second_seq}, {"txn", "0204"}, {"amount_fen", 2500}},
                                {{"seq", rev_seq}, {"txn", "0203"}, {"amount_fen", 2500}}};
  const auto settled = over_socket(t, txns::day_settlement,
                                   {{"date", today}, {"count", 1}, {"amount_fen", 1000}, {"items", items}});
  ASSERT_EQ(settled.code(), "00") << settled.body.dump();
  EXPECT_EQ(settled.body["matched"], true) << settled.body.dump();
  EXPECT_EQ(settled.body["server_count"], 1);
  EXPECT_EQ(settled.body["server_amount_fen"], 1000);
  // The terminal forgot the reversal and got an amount wrong: both SEQs are named.
  const nlohmann::json wrong = {{{"seq", first_seq}, {"txn", "0204"}, {"amount_fen", 999}},
                                {{"seq", second_seq}, {"txn", "0204"}, {"amount_fen", 2500}}};
  const auto differs = over_socket(t, txns::day_settlement,
                                   {{"date", today}, {"count", 2}, {"amount_fen", 3499}, {"items", wrong}});
  EXPECT_EQ(differs.body["matched"], false);
  const nlohmann::json expected = {{{"seq", first_seq}, {"issue", "amount_differs"}},
                                   {{"seq", rev_seq}, {"issue", "missing_on_terminal"}}};
  EXPECT_EQ(differs.body["differences"], expected);

  const auto reprint = over_socket(t, txns::receipt_reprint, {{"txn_id", first.body["txn_id"]}});
  ASSERT_EQ(reprint.code(), "00");
  EXPECT_NE(reprint.body["receipt"]["lines"][0].get<std::string>().find("补打"), std::string::npos);
  EXPECT_EQ(reprint.body["receipt"]["receipt_no"], first.body["receipt"]["receipt_no"]);
  EXPECT_EQ(over_socket(t, txns::receipt_reprint, {{"txn_id", 424242}}).code(), "25");

  const auto off = over_socket(t, txns::sign_off);
  EXPECT_EQ(off.body["net_fen"], 1000);
  EXPECT_EQ(off.body["count"], 2);
}

}  // namespace
}  // namespace mstation::test
