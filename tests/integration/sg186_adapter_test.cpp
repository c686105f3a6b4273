// The SG186 client against sg186-sim over real sockets: every transaction
// code, the decline codes, each fault mode seen as the right result kind
// with the simulator's ledger saying whether the effect happened, and a
// ledger that survives a restart.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <functional>

#include "mstation/sg186/client.hpp"
#include "mstation/sg186/statement_file.hpp"
#include "mstation/sim/dataset.hpp"
#include "support/sg186_sim_process.hpp"
#include "support/temp_dir.hpp"

namespace mstation::sg186 {
namespace {

using namespace std::chrono_literals;
using sim::Customer;

constexpr std::uint32_t day = 20261128;
const std::string agency = "510100000001";

class Sg186AdapterTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  test::Sg186SimProcess sim{dir.path() / "sim", {"--customers", "400", "--seed", "7", "--work-date", "20261128"}};
  // The same dataset the simulator generated, to choose customers from.
  sim::Dataset data = sim::generate_dataset({400, 7, day});
  std::uint64_t serials = 0;
  std::chrono::milliseconds exchange_timeout = 3000ms;

  std::string next_serial() { return fmt::format("{}{:012}", day, ++serials); }

  std::string bytes(const Request& r, const std::string& serial, std::uint32_t work_date = day) {
    return encode_message(request_header(r, agency, serial, work_date, std::uint64_t{work_date} * 1000000 + 90000),
                          r.body);
  }
  ExchangeResult send_bytes(const std::string& message) {
    return exchange_blocking(Endpoint{"127.0.0.1", sim.port(), 1000ms, exchange_timeout}, message);
  }
  ExchangeResult send(const Request& r, const std::string& serial) { return send_bytes(bytes(r, serial)); }
  ExchangeResult send(const Request& r) { return send(r, next_serial()); }

  // The answer's code, with the problem when there was no answer.
  std::string code_of(const ExchangeResult& r) {
    return r.answer ? r.answer->header.rsp_code : std::string(to_string(r.kind)) + ": " + r.problem;
  }

  const Customer& customer(const std::function<bool(const Customer&)>& wanted) {
    for (const auto& c : data.customers) {
      if (wanted(c)) return c;
    }
    throw std::runtime_error("no such customer in the dataset");
  }
  const Customer& owing_partial() {
    return customer([](const Customer& c) { return c.owe_fen() > 0 && c.partial_allowed; });
  }
  const Customer& paid_up() {
    return customer([](const Customer& c) { return !c.card_meter && c.owe_fen() == 0; });
  }
  const Customer& card_customer() {
    return customer([](const Customer& c) { return c.card_meter; });
  }
  bool executed(const std::string& serial) { return !sim.ledger({"--serial", serial}).is_null(); }
};

template <typename T>
T body_of(const ExchangeResult& r, const std::function<std::variant<T, std::string>(const Message&)>& decode) {
  EXPECT_TRUE(r.succeeded()) << r.problem;
  const auto decoded = decode(*r.answer);
  if (const auto* problem = std::get_if<std::string>(&decoded)) ADD_FAILURE() << *problem;
  return std::get<T>(decoded);
}

TEST_F(Sg186AdapterTest, QueriesAreAnswered) {
  const auto& c = owing_partial();
  const auto arrears = body_of<ArrearsResponse>(send(arrears_query({c.cons_no})), [](const Message& m) {
    return decode_arrears_response(m.body, m.header.record_num);
  });
  EXPECT_EQ(arrears.cons_name, c.name);
  EXPECT_EQ(arrears.owe_total_fen, static_cast<std::uint64_t>(c.owe_fen()));
  const auto outage = body_of<OutageResponse>(send(outage_check({c.cons_no})),
                                              [](const Message& m) { return decode_outage_response(m.body); });
  EXPECT_EQ(outage.owe_total_fen, static_cast<std::uint64_t>(c.owe_fen()));
  const auto signed_in = body_of<SignInResponse>(send(sign_in()),
                                                 [](const Message& m) { return decode_sign_in_response(m.body); });
  EXPECT_EQ(signed_in.work_date, day);
  const auto beat = send(heartbeat());
  EXPECT_TRUE(beat.succeeded()) << code_of(beat);
  EXPECT_TRUE(beat.answer->body.empty());
}

TEST_F(Sg186AdapterTest, FieldWorkIsAnswered) {
  const auto tasks = body_of<ReadingTasksResponse>(send(reading_tasks({"S0001", 1, 50})), [](const Message& m) {
    return decode_reading_tasks_response(m.body, m.header.record_num);
  });
  EXPECT_EQ(tasks.total, 200u);
  ASSERT_EQ(tasks.tasks.size(), 50u);
  const auto& t = tasks.tasks.front();
  const auto upload = body_of<ReadingUploadResponse>(
      send(reading_upload({"S0001", {{t.cons_no, t.meter_no, t.last_read + 20000, day, "0", ""}}})),
      [](const Message& m) { return decode_reading_upload_response(m.body, m.header.record_num); });
  EXPECT_EQ(upload.accepted, 1u);
  EXPECT_EQ(sim.ledger({"--customer", t.cons_no})["last_read"], t.last_read + 20000);
  const auto anomaly_id = body_of<AnomalyResponse>(send(anomaly({t.cons_no, t.meter_no, "05", "表计烧毁"})),
                                                   [](const Message& m) { return decode_anomaly_response(m.body); });
  EXPECT_FALSE(anomaly_id.anomaly_id.empty());
  const auto dunning = body_of<DunningTasksResponse>(send(dunning_tasks({"S0001", 1, 200})), [](const Message& m) {
    return decode_dunning_tasks_response(m.body, m.header.record_num);
  });
  ASSERT_FALSE(dunning.tasks.empty());
  const auto served = body_of<NoticeServedResponse>(
      send(notice_served({dunning.tasks[0].cons_no, "N20261128001", day})),
      [](const Message& m) { return decode_notice_served_response(m.body); });
  EXPECT_EQ(served.notice_no, "N20261128001");
  EXPECT_EQ(sim.ledger({"--customer", dunning.tasks[0].cons_no})["notice_date"], day);
}

TEST_F(Sg186AdapterTest, MoneyTransactionsAreAnsweredAndBooked) {
  const auto& c = owing_partial();
  const auto pay_serial = next_serial();
  const auto paid = body_of<PaymentResponse>(send(payment({c.cons_no, 1000, "01", {}}), pay_serial),
                                             [](const Message& m) { return decode_payment_response(m.body); });
  EXPECT_EQ(paid.paid_amt_fen, 1000u);
  EXPECT_EQ(sim.ledger({"--serial", pay_serial})["effect"]["charge_id"], paid.charge_id);
  const auto reversed = body_of<BalanceResponse>(send(reversal({c.cons_no, pay_serial, day, 1000, "录错金额"})),
                                                 [](const Message& m) { return decode_balance_response(m.body); });
  EXPECT_NE(reversed.charge_id, paid.charge_id);
  EXPECT_EQ(sim.ledger({"--serial", pay_serial})["effect"]["reversed"], true);

  const auto prepaid = body_of<BalanceResponse>(send(prepayment({paid_up().cons_no, 5000})),
                                                [](const Message& m) { return decode_balance_response(m.body); });
  EXPECT_EQ(prepaid.prepaid_bal_fen, static_cast<std::uint64_t>(paid_up().prepaid_fen + 5000));

  const auto& card = card_customer();
  const auto buy_serial = next_serial();
  const auto bought = body_of<CardPurchaseResponse>(
      send(card_purchase({card.cons_no, card.meter_no, 20000, "CARD01", card.buy_count}), buy_serial),
      [](const Message& m) { return decode_card_purchase_response(m.body); });
  EXPECT_EQ(bought.new_buy_count, card.buy_count + 1);
  const auto confirmed = body_of<CardConfirmResponse>(send(card_confirm({buy_serial, true})), [](const Message& m) {
    return decode_card_confirm_response(m.body);
  });
  EXPECT_EQ(confirmed.status, "00");
  EXPECT_EQ(sim.ledger({"--serial", buy_serial})["effect"]["card_written"], true);
}

TEST_F(Sg186AdapterTest, TheStatementIsFetchedInChunksTheNextDay) {
  const auto& c = owing_partial();
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(send(payment({c.cons_no, 100, "01", {}})).succeeded());
  sim.control({"work_date=20261129"});
  const auto summary = body_of<StatementSummaryResponse>(send(statement_summary({day})), [](const Message& m) {
    return decode_statement_summary_response(m.body);
  });
  EXPECT_EQ(summary.total_count, 3u);
  EXPECT_EQ(summary.total_amount_fen, 300u);
  std::string file;
  for (bool eof = false; !eof;) {
    const auto chunk = body_of<StatementChunkResponse>(
        send(statement_chunk({summary.file_name, file.size(), 100})),
        [](const Message& m) { return decode_statement_chunk_response(m.body); });
    ASSERT_EQ(chunk.offset, file.size());
    file += chunk.data;
    eof = chunk.eof;
    ASSERT_LE(file.size(), summary.file_size);
  }
  EXPECT_EQ(file.size(), summary.file_size);
  const auto parsed = std::get<StatementFile>(parse_statement(file));
  EXPECT_EQ(parsed.lines.size(), 3u);
  EXPECT_EQ(parsed.total_amount_fen, 300u);
}

TEST_F(Sg186AdapterTest, DeclinesComeBackWithTheirCodes) {
  EXPECT_EQ(code_of(send(arrears_query({"5199999999"}))), "1004");
  const auto& full_only = customer([](const Customer& c) { return c.owe_fen() > 0 && !c.partial_allowed; });
  EXPECT_EQ(code_of(send(payment({full_only.cons_no, 1, "01", {}}))), "1035");
  EXPECT_EQ(code_of(send(prepayment({owing_partial().cons_no, 100}))), "1037");
  const auto& card = card_customer();
  EXPECT_EQ(code_of(send(payment({card.cons_no, 100, "01", {}}))), "1039");
  EXPECT_EQ(code_of(send(card_purchase({card.cons_no, card.meter_no, 100, "CARD01", card.buy_count + 5}))), "1051");
  EXPECT_EQ(code_of(send(reversal({owing_partial().cons_no, "20261128999999999999", day, 100, ""}))), "1016");

  const auto& c = owing_partial();
  const auto serial = next_serial();
  ASSERT_TRUE(send(payment({c.cons_no, 200, "01", {}}), serial).succeeded());
  EXPECT_EQ(code_of(send(payment({c.cons_no, 300, "01", {}}), serial)), "1050");  // same serial, new content
  ASSERT_TRUE(send(reversal({c.cons_no, serial, day, 200, ""})).succeeded());
  EXPECT_EQ(code_of(send(reversal({c.cons_no, serial, day, 200, ""}))), "1017");

  const auto yesterday = next_serial();
  ASSERT_TRUE(send(payment({c.cons_no, 200, "01", {}}), yesterday).succeeded());
  sim.control({"work_date=20261129"});
  EXPECT_EQ(code_of(send(reversal({c.cons_no, yesterday, day, 200, ""}))), "1015");
}

TEST_F(Sg186AdapterTest, ARepeatedSerialGetsTheOriginalAnswer) {
  const auto& c = owing_partial();
  const auto message = bytes(payment({c.cons_no, 700, "01", {}}), next_serial());
  const auto first = send_bytes(message);
  const auto again = send_bytes(message);
  ASSERT_TRUE(first.succeeded() && again.succeeded());
  EXPECT_EQ(again.answer->body, first.answer->body);
  EXPECT_EQ(sim.ledger({"--customer", c.cons_no})["money"].size(), 1u);
}

TEST_F(Sg186AdapterTest, DownMeansNotDelivered) {
  sim.control({"down=1"});
  const auto serial = next_serial();
  const auto r = send(payment({owing_partial().cons_no, 100, "01", {}}), serial);
  EXPECT_EQ(r.kind, ResultKind::not_delivered) << r.problem;
  EXPECT_FALSE(executed(serial));
  sim.control({"down=0"});
  EXPECT_TRUE(send(heartbeat()).succeeded());
}

TEST_F(Sg186AdapterTest, CloseBeforeAnsweringIsInDoubtWithNothingDone) {
  sim.control({"close_before=1"});
  const auto serial = next_serial();
  const auto r = send(payment({owing_partial().cons_no, 100, "01", {}}), serial);
  EXPECT_EQ(r.kind, ResultKind::in_doubt);
  EXPECT_FALSE(executed(serial));
}

TEST_F(Sg186AdapterTest, AHangIsInDoubtAfterTheExchangeTimeout) {
  sim.control({"hang=1"});
  exchange_timeout = 500ms;
  const auto serial = next_serial();
  const auto r = send(payment({owing_partial().cons_no, 100, "01", {}}), serial);
  EXPECT_EQ(r.kind, ResultKind::in_doubt);
  EXPECT_NE(r.problem.find("no complete answer within 500 ms"), std::string::npos) << r.problem;
  EXPECT_FALSE(executed(serial));
}

TEST_F(Sg186AdapterTest, CloseAfterCommitIsInDoubtAndTheResendGetsTheOriginal) {
  sim.control({"close_after_commit=1"});
  const auto serial = next_serial();
  const auto message = bytes(payment({owing_partial().cons_no, 100, "01", {}}), serial);
  const auto r = send_bytes(message);
  EXPECT_EQ(r.kind, ResultKind::in_doubt);
  const auto truth = sim.ledger({"--serial", serial});
  ASSERT_FALSE(truth.is_null());
  EXPECT_EQ(truth["rsp_code"], "1001");
  sim.control({"close_after_commit=0"});
  const auto again = send_bytes(message);
  ASSERT_TRUE(again.succeeded()) << code_of(again);
  EXPECT_EQ(std::get<PaymentResponse>(decode_payment_response(again.answer->body)).charge_id,
            truth["effect"]["charge_id"]);
}

TEST_F(Sg186AdapterTest, GarbageAndAWrongSerialAreInDoubtWithTheEffectDone) {
  for (const char* fault : {"garbage", "wrong_serial"}) {
    sim.control({"--clear", std::string(fault) + "=1"});
    const auto serial = next_serial();
    const auto r = send(payment({owing_partial().cons_no, 100, "01", {}}), serial);
    EXPECT_EQ(r.kind, ResultKind::in_doubt) << fault;
    EXPECT_FALSE(r.problem.empty());
    EXPECT_TRUE(executed(serial)) << fault;
  }
}

TEST_F(Sg186AdapterTest, LatencyWithinTheTimeoutIsAnsweredBeyondItInDoubt) {
  sim.control({"latency=1", "latency_ms=300"});
  const auto on_time = send(heartbeat());
  EXPECT_TRUE(on_time.succeeded()) << code_of(on_time);
  EXPECT_GE(on_time.elapsed, 300ms);
  exchange_timeout = 150ms;
  const auto serial = next_serial();
  const auto late = send(payment({owing_partial().cons_no, 100, "01", {}}), serial);
  EXPECT_EQ(late.kind, ResultKind::in_doubt);
  EXPECT_TRUE(executed(serial));  // SG186 committed; only the answer was late
}

TEST_F(Sg186AdapterTest, TheLedgerSurvivesARestart) {
  const auto& c = owing_partial();
  const auto serial = next_serial();
  const auto message = bytes(payment({c.cons_no, 900, "01", {}}), serial);
  const auto first = send_bytes(message);
  ASSERT_TRUE(first.succeeded());
  EXPECT_EQ(sim.stop(), 0);
  sim.start();
  EXPECT_NE(sim.output().find("1 ledger records replayed"), std::string::npos) << sim.output();
  const auto again = send_bytes(message);
  ASSERT_TRUE(again.succeeded());
  EXPECT_EQ(again.answer->body, first.answer->body);
  // Late fees are settled first: what reached the bills is 900 less them.
  const auto penalty_paid = std::get<PaymentResponse>(decode_payment_response(first.answer->body)).penalty_paid_fen;
  EXPECT_EQ(sim.ledger({"--customer", c.cons_no})["owe_fen"],
            c.owe_fen() - 900 + static_cast<std::int64_t>(penalty_paid));
}

}  // namespace
}  // namespace mstation::sg186
