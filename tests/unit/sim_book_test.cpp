// The simulated marketing system's semantics (sg186-interface.md §3), pure:
// no sockets, no files.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "mstation/sg186/client.hpp"
#include "mstation/sim/book.hpp"

namespace mstation::sim {
namespace {

using namespace mstation::sg186;

constexpr YyyyMmDd today = 20261128;
const std::string agency = "510100000001";

class BookTest : public ::testing::Test {
 protected:
  Book book{generate_dataset({600, 11, 20261128})};
  int serials = 0;

  // `on` is both the request's WORK_DATE and the simulator's own date, unless `sim_day` says otherwise.
  Answer run(const Request& r, const std::string& serial, YyyyMmDd on = today, YyyyMmDd sim_day = 0,
             const std::string& from_agency = agency) {
    const Header h = request_header(r, from_agency, serial, on, std::uint64_t{on} * 1000000 + 103000);
    return book.execute(Message{h, r.body}, sim_day != 0 ? sim_day : on, h.txn_time);
  }
  Answer run(const Request& r) { return run(r, fresh_serial()); }
  std::string fresh_serial() { return "20261128" + std::to_string(100000000000 + ++serials); }

  // A copy: the state before the test changes it.
  Customer find(const std::function<bool(const Customer&)>& wanted) {
    for (const auto& c : book.data().customers) {
      if (wanted(c)) return c;
    }
    throw std::runtime_error("no such customer in the dataset");
  }
  const Customer& now(const Customer& c) { return *book.data().find(c.cons_no); }
  Customer owing_partial() {
    return find([](const Customer& c) { return c.owe_fen() > 0 && c.partial_allowed && c.bills.size() == 6; });
  }
};

TEST_F(BookTest, ArrearsQueryListsUnpaidBillsWithLateFees) {
  const auto c = find([](const Customer& x) { return x.owe_fen() > 0 && x.overdue_days(today) > 0; });
  const auto a = run(arrears_query({c.cons_no}));
  ASSERT_EQ(a.rsp_code, "1001");
  const auto r = std::get<ArrearsResponse>(decode_arrears_response(a.body, a.record_num));
  EXPECT_EQ(r.owe_total_fen, static_cast<std::uint64_t>(c.owe_fen()));
  EXPECT_GT(r.penalty_total_fen, 0u);
  EXPECT_FALSE(r.bills.empty());
  EXPECT_EQ(run(arrears_query({"5199999999"})).rsp_code, "1004");
}

TEST_F(BookTest, PaymentSettlesTheOldestBillPenaltyFirst) {
  const auto c = owing_partial();
  const auto before = now(c);
  const auto oldest = std::find_if(before.bills.begin(), before.bills.end(),
                                    [](const SimBill& b) { return b.principal_left() > 0; });
  const auto penalty = oldest->penalty_left(c.sort, today);
  const auto pay = static_cast<std::uint64_t>(penalty + 1);  // the late fee and one fen of the bill
  const auto a = run(payment({c.cons_no, pay, "01", {}}));
  ASSERT_EQ(a.rsp_code, "1001") << a.rsp_msg;
  const auto p = std::get<PaymentResponse>(decode_payment_response(a.body));
  EXPECT_EQ(p.paid_amt_fen, pay);
  EXPECT_EQ(p.penalty_paid_fen, static_cast<std::uint64_t>(penalty));
  EXPECT_EQ(now(c).owe_fen(), before.owe_fen() - 1);
  EXPECT_EQ(p.charge_id.size(), 20u);
}

TEST_F(BookTest, OverpaymentGoesToThePrepaidBalance) {
  const auto c = owing_partial();
  const auto due = c.owe_fen() + c.penalty_fen(today);
  const auto a = run(payment({c.cons_no, static_cast<std::uint64_t>(due + 5000), "01", {}}));
  ASSERT_EQ(a.rsp_code, "1001");
  EXPECT_EQ(now(c).owe_fen(), 0);
  EXPECT_EQ(now(c).prepaid_fen, c.prepaid_fen + 5000);
  EXPECT_EQ(run(payment({c.cons_no, 100, "01", {}})).rsp_code, "1044");  // nothing owed any more
}

TEST_F(BookTest, FullOnlyCustomersCannotPayPart) {
  const auto c = find([](const Customer& x) { return x.owe_fen() > 0 && !x.partial_allowed; });
  EXPECT_EQ(run(payment({c.cons_no, 1, "01", {}})).rsp_code, "1035");
  EXPECT_EQ(now(c).owe_fen(), c.owe_fen());
}

TEST_F(BookTest, CardMeterCustomersCannotPayBillsOrPrepay) {
  const auto c = find([](const Customer& x) { return x.card_meter; });
  EXPECT_EQ(run(payment({c.cons_no, 1000, "01", {}})).rsp_code, "1039");
  EXPECT_EQ(run(prepayment({c.cons_no, 1000})).rsp_code, "1039");
}

TEST_F(BookTest, PrepaymentIsRefusedWhileBillsAreOwed) {
  const auto owing = owing_partial();
  EXPECT_EQ(run(prepayment({owing.cons_no, 1000})).rsp_code, "1037");
  const auto paid_up = find([](const Customer& x) { return !x.card_meter && x.owe_fen() == 0; });
  const auto a = run(prepayment({paid_up.cons_no, 1000}));
  ASSERT_EQ(a.rsp_code, "1001");
  EXPECT_EQ(std::get<BalanceResponse>(decode_balance_response(a.body)).prepaid_bal_fen,
            static_cast<std::uint64_t>(paid_up.prepaid_fen + 1000));
}

TEST_F(BookTest, ASerialIsExecutedOnceAndItsAnswerRepeated) {
  const auto c = owing_partial();
  const auto request = payment({c.cons_no, 1000, "01", {}});
  const auto first = run(request, "20261128000000000777");
  const auto owed_after = now(c).owe_fen() + now(c).penalty_fen(today);
  const auto again = run(request, "20261128000000000777");
  EXPECT_EQ(again.body, first.body);  // same CHARGE_ID
  EXPECT_EQ(now(c).owe_fen() + now(c).penalty_fen(today), owed_after);
  EXPECT_EQ(run(payment({c.cons_no, 2000, "01", {}}), "20261128000000000777").rsp_code, "1050");
  EXPECT_EQ(book.money().size(), 1u);
}

TEST_F(BookTest, SameDayReversalPutsEverythingBack) {
  const auto c = owing_partial();
  const auto before = now(c);
  const auto serial = fresh_serial();
  ASSERT_EQ(run(payment({c.cons_no, 3000, "01", {}}), serial).rsp_code, "1001");
  const auto a = run(reversal({c.cons_no, serial, today, 3000, "录错"}));
  ASSERT_EQ(a.rsp_code, "1001") << a.rsp_msg;
  EXPECT_EQ(now(c).owe_fen(), before.owe_fen());
  EXPECT_EQ(now(c).penalty_fen(today), before.penalty_fen(today));
  EXPECT_EQ(now(c).prepaid_fen, before.prepaid_fen);
  EXPECT_EQ(run(reversal({c.cons_no, serial, today, 3000, ""})).rsp_code, "1017");
  EXPECT_TRUE(book.money().front().reversed);
}

TEST_F(BookTest, ReversalRulesNameWhatIsWrong) {
  const auto c = owing_partial();
  const auto serial = fresh_serial();
  ASSERT_EQ(run(payment({c.cons_no, 3000, "01", {}}), serial).rsp_code, "1001");
  EXPECT_EQ(run(reversal({c.cons_no, "20261128999999999999", today, 3000, ""})).rsp_code, "1016");
  EXPECT_EQ(run(reversal({c.cons_no, serial, today, 2999, ""})).rsp_code, "1005");
  const auto other = find([&](const Customer& x) { return x.cons_no != c.cons_no; });
  EXPECT_EQ(run(reversal({other.cons_no, serial, today, 3000, ""})).rsp_code, "1005");
  EXPECT_EQ(run(reversal({c.cons_no, serial, today, 3000, ""}), fresh_serial(), 20261129).rsp_code, "1015");
}

TEST_F(BookTest, CardPurchaseNeedsTheRecordedCount) {
  const auto c = find([](const Customer& x) { return x.card_meter; });
  EXPECT_EQ(run(card_purchase({c.cons_no, c.meter_no, 20000, "CARD1", c.buy_count + 1})).rsp_code, "1051");
  const auto serial = fresh_serial();
  const auto a = run(card_purchase({c.cons_no, c.meter_no, 20000, "CARD1", c.buy_count}), serial);
  ASSERT_EQ(a.rsp_code, "1001") << a.rsp_msg;
  const auto p = std::get<CardPurchaseResponse>(decode_card_purchase_response(a.body));
  EXPECT_EQ(p.new_buy_count, c.buy_count + 1);
  EXPECT_EQ(p.write_data.size(), 128u);
  EXPECT_EQ(run(card_confirm({serial, true})).rsp_code, "1001");
  EXPECT_EQ(run(reversal({c.cons_no, serial, today, 20000, ""})).rsp_code, "1002");  // the card is written
}

TEST_F(BookTest, ReadingsAreCheckedAndKept) {
  const auto c = find([](const Customer& x) { return x.sect_no == "S0001"; });
  ReadingUploadRequest up{"S0001", {{c.cons_no, c.meter_no, c.last_read + 12345, today, "0", ""},
                                    {c.cons_no, "WRONG", c.last_read + 1, today, "0", ""}}};
  const auto a = run(reading_upload(up));
  ASSERT_EQ(a.rsp_code, "1001");
  const auto r = std::get<ReadingUploadResponse>(decode_reading_upload_response(a.body, a.record_num));
  EXPECT_EQ(r.accepted, 1u);
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_EQ(r.rejected[0].err_code, "2004");
  EXPECT_EQ(now(c).last_read, c.last_read + 12345);
  ReadingUploadRequest backwards{"S0001", {{c.cons_no, c.meter_no, 1, today, "0", ""}}};
  const auto b = run(reading_upload(backwards));
  EXPECT_EQ(std::get<ReadingUploadResponse>(decode_reading_upload_response(b.body, b.record_num)).rejected[0].err_code,
            "2001");
}

TEST_F(BookTest, TaskListsArePaged) {
  const auto a = run(reading_tasks({"S0002", 2, 150}));
  ASSERT_EQ(a.rsp_code, "1001");
  const auto r = std::get<ReadingTasksResponse>(decode_reading_tasks_response(a.body, a.record_num));
  EXPECT_EQ(r.total, 200u);
  EXPECT_EQ(r.pages, 2u);
  EXPECT_EQ(r.tasks.size(), 50u);
  EXPECT_EQ(run(reading_tasks({"S0002", 3, 150})).rsp_code, "1003");
  EXPECT_EQ(run(reading_tasks({"S9999", 1, 50})).rsp_code, "1003");
  const auto d = run(dunning_tasks({"S0001", 1, 200}));
  ASSERT_EQ(d.rsp_code, "1001");
  const auto tasks = std::get<DunningTasksResponse>(decode_dunning_tasks_response(d.body, d.record_num));
  for (const auto& t : tasks.tasks) EXPECT_GT(t.owe_total_fen, 0u);
}

TEST_F(BookTest, TheStatementListsTheDaysMoneyAndIsReadyTheNextDay) {
  const auto c = owing_partial();
  const auto serial = fresh_serial();
  ASSERT_EQ(run(payment({c.cons_no, 3000, "01", {}}), serial).rsp_code, "1001");
  ASSERT_EQ(run(reversal({c.cons_no, serial, today, 3000, ""})).rsp_code, "1001");
  const auto paid_up = find([](const Customer& x) { return !x.card_meter && x.owe_fen() == 0; });
  ASSERT_EQ(run(prepayment({paid_up.cons_no, 1000})).rsp_code, "1001");
  EXPECT_EQ(run(statement_summary({today})).rsp_code, "1002");  // the day is not over
  const auto s = run(statement_summary({today}), fresh_serial(), 20261129);
  ASSERT_EQ(s.rsp_code, "1001");
  const auto summary = std::get<StatementSummaryResponse>(decode_statement_summary_response(s.body));
  EXPECT_EQ(summary.total_count, 1u);
  EXPECT_EQ(summary.total_amount_fen, 1000u);
  const auto chunk = run(statement_chunk({summary.file_name, 0, 65536}), fresh_serial(), 20261129);
  ASSERT_EQ(chunk.rsp_code, "1001");
  const auto data = std::get<StatementChunkResponse>(decode_statement_chunk_response(chunk.body));
  EXPECT_TRUE(data.eof);
  EXPECT_EQ(data.data.size(), summary.file_size);
  const auto file = std::get<StatementFile>(parse_statement(data.data));
  ASSERT_EQ(file.lines.size(), 3u);
  EXPECT_EQ(file.lines[0].status, '2');
  EXPECT_EQ(file.lines[1].txn_code, 12u);
  EXPECT_EQ(file.lines[1].orig_serial, serial);
}

TEST_F(BookTest, SerialsAreKeptApartByAgency) {
  const auto c = owing_partial();
  const auto request = payment({c.cons_no, 1000, "01", {}});
  const auto ours = run(request, "20261128000000000001");
  const auto theirs = run(request, "20261128000000000001", today, 0, "510100000999");
  ASSERT_EQ(theirs.rsp_code, "1001");
  EXPECT_NE(theirs.body, ours.body);  // executed for them too, with its own CHARGE_ID
  EXPECT_EQ(book.money().size(), 2u);
  EXPECT_EQ(run(reversal({c.cons_no, "20261128000000000001", today, 1000, ""}), fresh_serial(), today, 0,
                "510100000888")
                .rsp_code,
            "1016");  // another agency's payment is not ours to reverse
}

TEST_F(BookTest, ASerialTheStatementCannotCarryIsRefused) {
  const auto c = owing_partial();
  EXPECT_EQ(run(payment({c.cons_no, 100, "01", {}}), "").rsp_code, "1006");
  EXPECT_EQ(run(payment({c.cons_no, 100, "01", {}}), "2026|1").rsp_code, "1006");
  EXPECT_TRUE(book.money().empty());
}

TEST_F(BookTest, AbsurdAmountsAreDeclinedNotCrashed) {
  const auto paid_up = find([](const Customer& x) { return !x.card_meter && x.owe_fen() == 0; });
  EXPECT_EQ(run(prepayment({paid_up.cons_no, 999999999999})).rsp_code, "1002");
  EXPECT_EQ(now(paid_up).prepaid_fen, paid_up.prepaid_fen);
}

TEST_F(BookTest, ACardPurchaseWithALaterOneCannotBeReversedNorAWrittenCardUnconfirmed) {
  const auto c = find([](const Customer& x) { return x.card_meter; });
  const auto first = fresh_serial();
  ASSERT_EQ(run(card_purchase({c.cons_no, c.meter_no, 1000, "CARD1", c.buy_count}), first).rsp_code, "1001");
  const auto second = fresh_serial();
  ASSERT_EQ(run(card_purchase({c.cons_no, c.meter_no, 1000, "CARD1", c.buy_count + 1}), second).rsp_code, "1001");
  EXPECT_EQ(run(reversal({c.cons_no, first, today, 1000, ""})).rsp_code, "1002");
  EXPECT_EQ(now(c).buy_count, c.buy_count + 2);
  ASSERT_EQ(run(card_confirm({second, true})).rsp_code, "1001");
  EXPECT_EQ(run(card_confirm({second, false})).rsp_code, "1002");
}

TEST_F(BookTest, LateFeesKeepAccruingOnWhatAPartialPaymentLeaves) {
  const auto oldest_unpaid = [](const Customer& x) {
    return static_cast<std::size_t>(std::find_if(x.bills.begin(), x.bills.end(),
                                                 [](const SimBill& b) { return b.principal_left() > 0; }) -
                                    x.bills.begin());
  };
  const auto c = find([&](const Customer& x) {
    const auto i = oldest_unpaid(x);
    return x.partial_allowed && i < x.bills.size() && x.bills[i].penalty_left(x.sort, today) >= 200 &&
           x.bills[i].principal_left() > 5000;
  });
  const auto i = oldest_unpaid(c);
  const auto& bill = c.bills[i];
  const auto pay = bill.penalty_left(c.sort, today) + bill.principal_left() - 5000;
  ASSERT_EQ(run(payment({c.cons_no, static_cast<std::uint64_t>(pay), "01", {bill.id}})).rsp_code, "1001");
  EXPECT_EQ(now(c).bills[i].principal_left(), 5000);
  EXPECT_EQ(now(c).bills[i].penalty_left(c.sort, today), 0);
  // Ten days later the 50 元 left has earned its own fee: 0.1 % or 0.2 % a day.
  const auto rate = c.sort == CustomerSort::residential ? 1 : 2;
  EXPECT_EQ(now(c).bills[i].penalty_left(c.sort, add_days(today, 10)), 5000 * rate * 10 / 1000);
}

TEST_F(BookTest, TheDayOfAMoneyEntryIsTheStationsWorkDate) {
  const auto c = owing_partial();
  const auto serial = fresh_serial();
  // The station still on the 28th, the simulator already on the 29th.
  ASSERT_EQ(run(payment({c.cons_no, 100, "01", {}}), serial, today, 20261129).rsp_code, "1001");
  EXPECT_EQ(book.money().back().work_date, today);
  EXPECT_EQ(book.statement(agency, today).lines.size(), 1u);
  EXPECT_EQ(run(reversal({c.cons_no, serial, today, 100, ""}), fresh_serial(), today, 20261129).rsp_code, "1015");
}

TEST_F(BookTest, AReadingBeyondTheRegisterIsRejected) {
  const auto c = find([](const Customer& x) { return x.sect_no == "S0001" && x.digits == 6; });
  ReadingUploadRequest up{"S0001", {{c.cons_no, c.meter_no, 100'000'000, today, "0", ""}}};
  const auto a = run(reading_upload(up));
  EXPECT_EQ(std::get<ReadingUploadResponse>(decode_reading_upload_response(a.body, a.record_num)).rejected[0].err_code,
            "2006");
}

}  // namespace
}  // namespace mstation::sim
