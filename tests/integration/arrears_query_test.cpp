// 0201 ARREARS_QUERY end to end: handheld → mstation → sg186-sim and back,
// with SG186's codes mapped as hhu-protocol.md §6 says.
#include <gtest/gtest.h>

#include "mstation/sim/dataset.hpp"
#include "mstation/txn/codes.hpp"
#include "sg186_server_fixture.hpp"

namespace mstation::test {
namespace {

using txn::txns::arrears_query;

class ArrearsQueryTest : public ServerWithSg186Test {
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

TEST_F(ArrearsQueryTest, ACustomerWithArrearsGetsBillsAndTotals) {
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

TEST_F(ArrearsQueryTest, AnUnknownCustomerIs14AndABadOne30) {
  start_with_sim();
  auto terminal = signed_on();
  const auto unknown = over_socket(terminal, arrears_query, {{"customer_no", "5199999999"}});
  EXPECT_EQ(unknown.code(), "14");
  EXPECT_EQ(unknown.body["upstream_code"], "1004");
  EXPECT_EQ(over_socket(terminal, arrears_query, {{"customer_no", "51'; DROP"}}).code(), "30");
  EXPECT_EQ(over_socket(terminal, arrears_query, {{"customer_no", 5100000001}}).code(), "30");
}

TEST_F(ArrearsQueryTest, SG186DownOrSilentIs91) {
  exchange_timeout_ms = 300;
  start_with_sim({"--fault", "down=1"});
  auto terminal = signed_on();
  EXPECT_EQ(over_socket(terminal, arrears_query, {{"customer_no", "5100000001"}}).code(), "91");
  sim->control({"--clear", "hang=1"});
  EXPECT_EQ(over_socket(terminal, arrears_query, {{"customer_no", "5100000001"}}).code(), "91");
  sim->control({"--clear"});
  EXPECT_EQ(over_socket(terminal, arrears_query, {{"customer_no", "5100000001"}}).code(), "00");
}

TEST_F(ArrearsQueryTest, ARetransmissionIsAnsweredFromTheStoredResponse) {
  start_with_sim();
  auto terminal = signed_on();
  const auto request = terminal.request(arrears_query, {{"customer_no", "5100000002"}}, Clock::now());
  const auto first = exchange_bytes("127.0.0.2", port(), request);
  const auto again = exchange_bytes("127.0.0.2", port(), request);
  EXPECT_EQ(first, again);
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.journal WHERE kind = 'sg186_request' AND txn = '010'"), 1);
}

}  // namespace
}  // namespace mstation::test
