// The transactions that ask SG186 without moving money, end to end:
// handheld → mstation → sg186-sim and back, with SG186's codes mapped as
// hhu-protocol.md §6 says (ARREARS_QUERY, READING_TASKS, READING_ANOMALY,
// DUNNING_TASKS, OUTAGE_CHECK).
#include <gtest/gtest.h>

#include "mstation/sim/dataset.hpp"
#include "mstation/txn/codes.hpp"
#include "mstation/txn/disconnect_rule.hpp"
#include "sg186_server_fixture.hpp"

namespace mstation::test {
namespace {

using txn::txns::arrears_query;

class UpstreamQueriesTest : public ServerWithSg186Test {
 protected:
  void SetUp() override {
    ServerWithSg186Test::SetUp();
    add_operator("0042", "123456");
  }
  hhu::TerminalClient signed_on() {
    auto terminal = enroll("51010001");
    EXPECT_EQ(over_socket(terminal, txn::txns::sign_on, {{"operator_id", "0042"}, {"password", "123456"}}).code(),
              "00");
    return terminal;
  }
  // The simulator's customers (same dataset as start_with_sim), as of today.
  sim::Dataset data = sim::generate_dataset({200, 3, business_date_number(Clock::now())});
};

TEST_F(UpstreamQueriesTest, ACustomerWithArrearsGetsBillsAndTotals) {
  start_with_sim();
  auto terminal = signed_on();
  const auto& c = *std::find_if(data.customers.begin(), data.customers.end(),
                                [](const sim::Customer& x) { return x.owe_fen() > 0; });
  const auto r = over_socket(terminal, arrears_query, {{"customer_no", c.cons_no}});
  ASSERT_EQ(r.code(), "00") << r.body.dump();
  EXPECT_EQ(r.body["customer_name"], c.name);
  EXPECT_EQ(r.body["address"], c.address);
  const auto today = business_date_number(Clock::now());
  EXPECT_EQ(r.body["total_fen"], c.owe_fen() + c.penalty_fen(today));
  ASSERT_FALSE(r.body["bills"].empty());
  EXPECT_EQ(r.body["bills"][0]["month"].get<std::string>().size(), 7u);  // YYYY-MM
  EXPECT_EQ(r.body["partial_allowed"], c.partial_allowed);
  // The SG186 exchange is journaled with the terminal's exchange.
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.journal WHERE kind = 'sg186_request' AND txn = '010' "
                   "AND tid = '51010001' AND decoded->'header'->>'operator' = '0042'"),
            1);
  EXPECT_EQ(scalar("SELECT count(DISTINCT exchange_id) FROM mstation.journal WHERE tid = '51010001' AND "
                   "exchange_id IN (SELECT exchange_id FROM mstation.journal WHERE kind = 'sg186_request' "
                   "AND txn = '010')"),
            1);
}

TEST_F(UpstreamQueriesTest, AnUnknownCustomerIs14AndABadOne30) {
  start_with_sim();
  auto terminal = signed_on();
  const auto unknown = over_socket(terminal, arrears_query, {{"customer_no", "5199999999"}});
  EXPECT_EQ(unknown.code(), "14");
  EXPECT_EQ(unknown.body["upstream_code"], "1004");
  EXPECT_EQ(over_socket(terminal, arrears_query, {{"customer_no", "51'; DROP"}}).code(), "30");
  EXPECT_EQ(over_socket(terminal, arrears_query, {{"customer_no", 5100000001}}).code(), "30");
}

TEST_F(UpstreamQueriesTest, SG186DownOrSilentIs91) {
  exchange_timeout_ms = 300;
  start_with_sim({"--fault", "down=1"});
  auto terminal = signed_on();
  EXPECT_EQ(over_socket(terminal, arrears_query, {{"customer_no", "5100000001"}}).code(), "91");
  sim->control({"--clear", "hang=1"});
  EXPECT_EQ(over_socket(terminal, arrears_query, {{"customer_no", "5100000001"}}).code(), "91");
  sim->control({"--clear"});
  EXPECT_EQ(over_socket(terminal, arrears_query, {{"customer_no", "5100000001"}}).code(), "00");
}

TEST_F(UpstreamQueriesTest, ARetransmissionIsAnsweredFromTheStoredResponse) {
  start_with_sim();
  auto terminal = signed_on();
  const auto request = terminal.request(arrears_query, {{"customer_no", "5100000002"}}, Clock::now());
  const auto first = exchange_bytes("127.0.0.2", port(), request);
  const auto again = exchange_bytes("127.0.0.2", port(), request);
  EXPECT_EQ(first, again);
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.journal WHERE kind = 'sg186_request' AND txn = '010'"), 1);
}

TEST_F(UpstreamQueriesTest, ReadingTasksComePagedAndNeverOverflowAFrame) {
  start_with_sim();
  auto terminal = signed_on();
  const auto first = over_socket(terminal, txn::txns::reading_tasks, {{"segment_no", "S0001"}});
  ASSERT_EQ(first.code(), "00") << first.body.dump();
  EXPECT_EQ(first.body["page_size"], 50);
  EXPECT_EQ(first.body["total"], 200);
  EXPECT_EQ(first.body["pages"], 4);
  ASSERT_EQ(first.body["tasks"].size(), 50u);
  const auto& task = first.body["tasks"][0];
  const auto& c = data.customers[0];
  EXPECT_EQ(task["customer_no"], c.cons_no);
  EXPECT_EQ(task["meter_no"], c.meter_no);
  EXPECT_EQ(task["multiplier"], c.t_factor);
  EXPECT_EQ(task["last_reading"], c.last_read);
  EXPECT_EQ(task["tariff_code"], sim::tariff_code(c.sort));
  EXPECT_EQ(task["last_read_date"].get<std::string>().size(), 10u);

  // Asking for 200 at once: lowered so the answer fits one frame, and said so.
  const auto request = terminal.request(txn::txns::reading_tasks, {{"segment_no", "S0001"}, {"page_size", 200}},
                                        Clock::now());
  const auto answer = exchange_bytes("127.0.0.2", port(), request);
  EXPECT_LE(answer.size(), 65535u + 2);
  const auto big = terminal.open(answer);
  ASSERT_EQ(big.code(), "00");
  EXPECT_EQ(big.body["page_size"], 100);
  EXPECT_EQ(big.body["tasks"].size(), 100u);
  EXPECT_EQ(big.body["pages"], 2);

  const auto unknown = over_socket(terminal, txn::txns::reading_tasks, {{"segment_no", "S9999"}});
  EXPECT_EQ(unknown.code(), "51");
  EXPECT_EQ(unknown.body["upstream_code"], "1003");
  EXPECT_EQ(over_socket(terminal, txn::txns::reading_tasks, {{"segment_no", "S0001"}, {"page_size", 0}}).code(), "30");
  EXPECT_EQ(over_socket(terminal, txn::txns::reading_tasks, {{"segment_no", "S0001"}, {"page", "2"}}).code(), "30");
}

TEST_F(UpstreamQueriesTest, AnAnomalyIsRegistered) {
  start_with_sim();
  auto terminal = signed_on();
  const auto& c = data.customers[0];
  const auto r = over_socket(terminal, txn::txns::reading_anomaly,
                             {{"customer_no", c.cons_no}, {"meter_no", c.meter_no}, {"anomaly_code", "05"},
                              {"note", "表计烧毁，已拍照"}});
  ASSERT_EQ(r.code(), "00") << r.body.dump();
  EXPECT_FALSE(r.body["anomaly_id"].get<std::string>().empty());
  EXPECT_EQ(over_socket(terminal, txn::txns::reading_anomaly,
                        {{"customer_no", "5199999999"}, {"meter_no", "1"}, {"anomaly_code", "05"}})
                .code(),
            "14");
  EXPECT_EQ(over_socket(terminal, txn::txns::reading_anomaly, {{"customer_no", c.cons_no}}).code(), "30");
}

TEST_F(UpstreamQueriesTest, DunningTasksListOnlyCustomersWhoOwe) {
  start_with_sim();
  auto terminal = signed_on();
  const auto r = over_socket(terminal, txn::txns::dunning_tasks, {{"segment_no", "S0001"}, {"page_size", 200}});
  ASSERT_EQ(r.code(), "00") << r.body.dump();
  EXPECT_EQ(r.body["page_size"], 150);
  std::size_t owing = 0;
  for (const auto& c : data.customers) owing += c.owe_fen() > 0;
  EXPECT_EQ(r.body["total"], owing);
  for (const auto& t : r.body["tasks"]) EXPECT_GT(t["arrears_fen"].get<std::int64_t>(), 0);
}

TEST_F(UpstreamQueriesTest, OutageCheckSaysWhetherPowerMayBeCutAndWhy) {
  start_with_sim();
  auto terminal = signed_on();
  const auto today = business_date_number(Clock::now());
  std::size_t may = 0, may_not = 0;
  for (const auto& c : data.customers) {
    if (c.bills.empty() || (may > 0 && may_not > 2)) continue;
    const auto expected = txn::decide_disconnect({c.owe_fen(), static_cast<std::uint32_t>(c.overdue_days(today)),
                                                  c.notice_date, c.powered_off, today});
    if (expected.may_disconnect ? may > 0 : may_not > 2) continue;
    const auto r = over_socket(terminal, txn::txns::outage_check, {{"customer_no", c.cons_no}});
    ASSERT_EQ(r.code(), "00") << r.body.dump();
    EXPECT_EQ(r.body["may_disconnect"], expected.may_disconnect) << c.cons_no;
    EXPECT_EQ(r.body["reason"], expected.reason);
    EXPECT_EQ(r.body["arrears_fen"], c.owe_fen());
    (expected.may_disconnect ? may : may_not) += 1;
  }
  EXPECT_EQ(may, 1u);  // the dataset has disconnectable customers
  EXPECT_EQ(may_not, 3u);
}

}  // namespace
}  // namespace mstation::test
