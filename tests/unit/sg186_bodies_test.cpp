// Every body of sg186-interface.md §3 both ways, with its field widths, and
// the statement file of §5.
#include <gtest/gtest.h>

#include "mstation/sg186/message_json.hpp"
#include "mstation/sg186/request.hpp"
#include "mstation/sg186/statement_file.hpp"

namespace mstation::sg186 {
namespace {

template <typename T>
T ok(const std::variant<T, std::string>& decoded) {
  if (const auto* problem = std::get_if<std::string>(&decoded)) ADD_FAILURE() << *problem;
  return std::get<T>(decoded);
}

TEST(Sg186Bodies, ReversalRequestRoundTrips) {
  const ReversalRequest r{"5100012345", "20261128000000000123", 20261128, 12445, "操作员录错金额"};
  const auto body = encode_body(r);
  EXPECT_EQ(body.size(), 16u + 20 + 8 + 12 + 40);
  const auto back = ok(decode_reversal_request(body));
  EXPECT_EQ(back.orig_serial, r.orig_serial);
  EXPECT_EQ(back.orig_date, 20261128u);
  EXPECT_EQ(back.amount_fen, 12445u);
  EXPECT_EQ(back.reason, "操作员录错金额");
}

TEST(Sg186Bodies, PrepaymentAndBalanceAnswerRoundTrip) {
  const auto p = ok(decode_prepayment_request(encode_body(PrepaymentRequest{"5100012345", 5000})));
  EXPECT_EQ(p.amount_fen, 5000u);
  const auto body = encode_body(BalanceResponse{"5100012345", "C0000000000000000007", 5000});
  EXPECT_EQ(body.size(), 16u + 20 + 12);
  const auto b = ok(decode_balance_response(body));
  EXPECT_EQ(b.charge_id, "C0000000000000000007");
  EXPECT_EQ(b.prepaid_bal_fen, 5000u);
}

TEST(Sg186Bodies, ReadingTasksRoundTripWithRecords) {
  EXPECT_EQ(encode_body(SectionPageRequest{"S0001", 2, 50}), "S0001           00020050");
  ReadingTasksResponse r{201, 5, {}};
  r.tasks.push_back({"5100000001", "李秀英", "四川省雅安市名山区蒙阳镇新农村二组", "M00000001", 1, 1234567, 20261025,
                     6, "RES"});
  r.tasks.push_back({"5100000002", "成都某某食品有限公司", "双流区", "M00000002", 30, 99, 20261025, 8, "NONRES"});
  const auto body = encode_body(r);
  EXPECT_EQ(body.size(), 10u + 2 * (16 + 60 + 120 + 24 + 6 + 12 + 8 + 2 + 8));
  const auto back = ok(decode_reading_tasks_response(body, 2));
  EXPECT_EQ(back.total, 201u);
  EXPECT_EQ(back.pages, 5u);
  ASSERT_EQ(back.tasks.size(), 2u);
  EXPECT_EQ(back.tasks[0].cons_name, "李秀英");
  EXPECT_EQ(back.tasks[0].last_read, 1234567u);
  EXPECT_EQ(back.tasks[1].t_factor, 30u);
  EXPECT_EQ(back.tasks[1].tariff, "NONRES");
}

TEST(Sg186Bodies, ReadingUploadRoundTripsBothWays) {
  ReadingUploadRequest up{"S0001", {{"5100000001", "M00000001", 1250000, 20261125, "0", ""},
                                    {"5100000002", "M00000002", 10, 20261125, "1", "03"}}};
  const auto request = reading_upload(up);
  EXPECT_EQ(request.txn_code, txn_reading_upload);
  EXPECT_EQ(request.record_num, 2u);
  const auto back = ok(decode_reading_upload_request(request.body, 2));
  EXPECT_EQ(back.readings[1].status, "1");
  EXPECT_EQ(back.readings[1].anomaly, "03");
  EXPECT_EQ(back.readings[0].this_read, 1250000u);

  const ReadingUploadResponse answer{1, {{"M00000002", "2001", "示数小于上次示数"}}};
  const auto a = ok(decode_reading_upload_response(encode_body(answer), 1));
  EXPECT_EQ(a.accepted, 1u);
  EXPECT_EQ(a.rejected[0].err_msg, "示数小于上次示数");
}

TEST(Sg186Bodies, AnomalyRoundTrips) {
  const AnomalyRequest a{"5100000001", "M00000001", "05", "表计烧毁，已拍照"};
  EXPECT_EQ(encode_body(a).size(), 16u + 24 + 2 + 100);
  EXPECT_EQ(ok(decode_anomaly_request(encode_body(a))).note, "表计烧毁，已拍照");
  EXPECT_EQ(ok(decode_anomaly_response(encode_body(AnomalyResponse{"A2026112800000001"}))).anomaly_id,
            "A2026112800000001");
}

TEST(Sg186Bodies, DunningRoundTrips) {
  DunningTasksResponse d{1, 1, {{"5100000003", "张德明", "东坡区", 48900, 75}}};
  const auto back = ok(decode_dunning_tasks_response(encode_body(d), 1));
  EXPECT_EQ(back.tasks[0].owe_total_fen, 48900u);
  EXPECT_EQ(back.tasks[0].overdue_days, 75u);
  const NoticeServedRequest n{"5100000003", "N2026110001", 20261128};
  EXPECT_EQ(ok(decode_notice_served_request(encode_body(n))).served_date, 20261128u);
  EXPECT_EQ(ok(decode_notice_served_response(encode_body(NoticeServedResponse{"N2026110001"}))).notice_no,
            "N2026110001");
}

TEST(Sg186Bodies, CardPurchaseRoundTrips) {
  const CardPurchaseRequest p{"5100000009", "M00000009", 20000, "CARD0009", 7};
  EXPECT_EQ(encode_body(p).size(), 16u + 24 + 12 + 16 + 6);
  EXPECT_EQ(ok(decode_card_purchase_request(encode_body(p))).buy_count, 7u);
  const CardPurchaseResponse r{"C0000000000000000009", 8, std::string(128, 'A')};
  const auto body = encode_body(r);
  EXPECT_EQ(body.size(), 20u + 6 + 512);
  const auto back = ok(decode_card_purchase_response(body));
  EXPECT_EQ(back.new_buy_count, 8u);
  EXPECT_EQ(back.write_data, std::string(128, 'A'));
  EXPECT_TRUE(ok(decode_card_confirm_request(encode_body(CardConfirmRequest{"20261128000000000001", true}))).written);
  EXPECT_FALSE(ok(decode_card_confirm_request(encode_body(CardConfirmRequest{"20261128000000000001", false}))).written);
  EXPECT_EQ(ok(decode_card_confirm_response(encode_body(CardConfirmResponse{"00"}))).status, "00");
}

TEST(Sg186Bodies, StatementExchangeRoundTrips) {
  EXPECT_EQ(encode_body(StatementSummaryRequest{20261128}), "20261128");
  const StatementSummaryResponse s{20261128, 3, 37335, "DZ_510100000001_20261128.txt", 412};
  EXPECT_EQ(encode_body(s).size(), 8u + 8 + 14 + 60 + 10);
  const auto back = ok(decode_statement_summary_response(encode_body(s)));
  EXPECT_EQ(back.total_amount_fen, 37335u);
  EXPECT_EQ(back.file_name, s.file_name);

  const StatementChunkRequest c{s.file_name, 100, 65536};
  EXPECT_EQ(ok(decode_statement_chunk_request(encode_body(c))).length, 65536u);
  auto too_long = encode_body(StatementChunkRequest{s.file_name, 0, 65537});
  EXPECT_EQ(std::get<std::string>(decode_statement_chunk_request(too_long)), "LENGTH 65537 above 65536");

  const StatementChunkResponse chunk{100, true, "a|b|\nc|d|\n"};
  const auto chunk_back = ok(decode_statement_chunk_response(encode_body(chunk)));
  EXPECT_EQ(chunk_back.data, chunk.data);
  EXPECT_TRUE(chunk_back.eof);
  EXPECT_EQ(std::get<std::string>(decode_statement_chunk_response(encode_body(chunk) + "x")),
            "1 bytes after the last field");
  EXPECT_EQ(std::get<std::string>(decode_statement_chunk_response(encode_body(chunk).substr(0, 20))),
            "DATA: needs 10 bytes, 3 left");
}

TEST(Sg186Bodies, SignInCarriesTheAccountingDate) {
  EXPECT_EQ(ok(decode_sign_in_response(encode_body(SignInResponse{20261129}))).work_date, 20261129u);
  EXPECT_EQ(sign_in().txn_code, 90u);
  EXPECT_TRUE(heartbeat().body.empty());
}

TEST(Sg186Bodies, EveryCodeHasItsChineseText) {
  EXPECT_EQ(rsp_text(rsp::customer_not_found), "该用户编号不存在");
  EXPECT_EQ(rsp_text("1051"), "购电次数不符");
  EXPECT_EQ(rsp_text("9999"), "");
  EXPECT_EQ(txn_name(txn_payment), "011");
}

TEST(Sg186MessageJson, DescribesHeaderAndBodyOrItsProblem) {
  Message m;
  m.header.txn_code = txn_payment;
  m.header.serial = "20261128000000000001";
  m.header.record_num = 1;
  m.body = encode_body(PaymentRequest{"5100012345", 12445, "01", {"R202610000001"}});
  const auto j = message_json(m, Direction::request);
  EXPECT_EQ(j["header"]["txn_code"], "011");
  EXPECT_EQ(j["body"]["pay_amt_fen"], 12445);
  EXPECT_EQ(j["body"]["bill_ids"][0], "R202610000001");
  m.body.resize(20);
  EXPECT_EQ(message_json(m, Direction::request)["body_problem"], "PAY_AMT: needs 12 bytes, 4 left");
  m.header.rsp_code = "1035";
  m.body.clear();
  EXPECT_FALSE(message_json(m, Direction::response).contains("body"));
}

TEST(Sg186MessageJson, WireBytesInAProblemAreEscapedSoTheJsonIsValid) {
  Message m;
  m.header.txn_code = txn_payment;
  m.header.rsp_code = "1001";
  m.body = encode_body(PaymentResponse{"5100012345", "C1", 100, 0, 0, "FP1"});
  m.body.replace(36, 4, "\xbd\xbb\xd2\xd7");  // GBK 交易 inside PAID_AMT
  const auto j = message_json(m, Direction::response);
  EXPECT_EQ(j["body_problem"], "PAID_AMT: '\\xBD\\xBB\\xD2\\xD700000100' is not N(12)");
  EXPECT_NO_THROW((void)j.dump());
}

StatementFile sample_statement() {
  StatementFile f;
  f.check_date = 20261128;
  f.lines = {
      {"20261128000000000001", "C0000000000000000001", "5100012345", 11, 12445, 20261128, 103015, "", '2'},
      {"20261128000000000002", "C0000000000000000002", "5100012345", 12, 12445, 20261128, 103500,
       "20261128000000000001", '1'},
      {"20261128000000000003", "C0000000000000000003", "5100000009", 40, 20000, 20261128, 110000, "", '1'},
      {"20261128000000000004", "C0000000000000000004", "5100000010", 13, 5000, 20261128, 120000, "", '1'},
  };
  compute_totals(f);
  return f;
}

TEST(Sg186StatementFile, TotalsCountNormalLinesOtherThanReversals) {
  const auto f = sample_statement();
  EXPECT_EQ(f.total_count, 2u);
  EXPECT_EQ(f.total_amount_fen, 25000u);
}

TEST(Sg186StatementFile, FormatsAndParsesTheSpecLayout) {
  const auto text = format_statement(sample_statement());
  EXPECT_EQ(text.substr(0, text.find('\n') + 1), "20261128|2|25000|0001|\n");
  EXPECT_NE(text.find("20261128000000000002|C0000000000000000002|5100012345|012|12445|20261128|103500|"
                      "20261128000000000001|1|\n"),
            std::string::npos);
  const auto back = ok(parse_statement(text));
  ASSERT_EQ(back.lines.size(), 4u);
  EXPECT_EQ(back.lines[0].status, '2');
  EXPECT_EQ(back.lines[1].orig_serial, "20261128000000000001");
  EXPECT_EQ(back.lines[2].txn_code, 40u);
  EXPECT_EQ(back.total_amount_fen, 25000u);
  EXPECT_EQ(statement_file_name("510100000001", 20261128), "DZ_510100000001_20261128.txt");
}

TEST(Sg186StatementFile, BadLinesAreNamed) {
  EXPECT_EQ(std::get<std::string>(parse_statement("")), "empty file");
  EXPECT_EQ(std::get<std::string>(parse_statement("20261128|0|0|0001|")), "line 1: no line end");
  EXPECT_EQ(std::get<std::string>(parse_statement("20261128|0|0|\n")),
            "line 1: header: expected CHECK_DATE|TOTAL_COUNT|TOTAL_AMOUNT|BATCH_NO|");
  EXPECT_EQ(std::get<std::string>(parse_statement("20261128|1|5|0001|\nS|C|5100|011|-5|20261128|101010||1|\n")),
            "line 2: AMOUNT is not a number");
  EXPECT_EQ(std::get<std::string>(parse_statement("20261128|1|5|0001|\nS|C|5100|011|5|20261128|101010||3|\n")),
            "line 2: STATUS is neither 1 nor 2");
}

}  // namespace
}  // namespace mstation::sg186
