// The SG186 codec against the example frames of sg186-interface.md §6.
#include <gtest/gtest.h>

#include <thread>

#include "mstation/sg186/fields.hpp"
#include "mstation/sg186/frame_decoder.hpp"
#include "mstation/sg186/gbk.hpp"
#include "mstation/sg186/header.hpp"
#include "mstation/sg186/payment.hpp"
#include "mstation/sg186/queries.hpp"
#include "support/hex_bytes.hpp"

namespace mstation::sg186 {
namespace {

std::string gbk_hex(std::string_view text) {
  const auto bytes = test::hex_bytes(text);
  return std::string(bytes.begin(), bytes.end());
}

const std::string payment_request = gbk_hex(R"(
3030303030303031393130313135313031303030303030303135313031303030312020202030
3034322020202032303236313132383030303030303030303132333230323631313238323032
3631313238313033303135202020202020202020202020202020202020202020202020202020
2020202020202020202020202020202020202020202020202020202020202020202020202030
3030313531303030313233343520202020202030303030303030313234343530315232303236
3130303030303031202020)");

const std::string payment_response = gbk_hex(R"(
3030303030303032333730313135313031303030303030303135313031303030312020202030
3034322020202032303236313132383030303030303030303132333230323631313238323032
363131323831303330313531303031BDBBD2D7B3C9B9A6202020202020202020202020202020
2020202020202020202020202020202020202020202020202020202020202020202020202030
3030303531303030313233343520202020202043303030303030303030303030303030303030
3130303030303030313233343530303030303030303031303030303030303030303030303046
50323032363131323830303030303120202020)");

const std::string arrears_declined = gbk_hex(R"(
3030303030303031343530313035313031303030303030303135313031303030312020202030
3034322020202032303236313132383030303030303030303132343230323631313238323032
363131323831303331323031303034B8C3D3C3BBA7B1E0BAC5B2BBB4E6D4DA20202020202020
2020202020202020202020202020202020202020202020202020202020202020202020202030
303030)");

Header request_header() {
  Header h;
  h.txn_code = txn_payment;
  h.agency = "510100000001";
  h.node = "51010001";
  h.operator_id = "0042";
  h.serial = "20261128000000000123";
  h.work_date = 20261128;
  h.txn_time = 20261128103015;
  h.record_num = 1;
  return h;
}

TEST(Sg186Vectors, PaymentRequestIsEncodedByteForByte) {
  PaymentRequest p{"5100012345", 12445, "01", {"R202610000001"}};
  EXPECT_EQ(encode_message(request_header(), encode_body(p)), payment_request);
}

TEST(Sg186Vectors, PaymentRequestDecodes) {
  const auto m = std::get<Message>(decode_message(payment_request));
  EXPECT_EQ(m.header.txn_code, 11u);
  EXPECT_EQ(m.header.node, "51010001");
  EXPECT_EQ(m.header.serial, "20261128000000000123");
  EXPECT_EQ(m.header.rsp_code, "");
  const auto p = std::get<PaymentRequest>(decode_payment_request(m.body, m.header.record_num));
  EXPECT_EQ(p.cons_no, "5100012345");
  EXPECT_EQ(p.pay_amt_fen, 12445u);
  EXPECT_EQ(p.bill_ids, std::vector<std::string>{"R202610000001"});
}

TEST(Sg186Vectors, PaymentResponseDecodesWithItsChineseMessage) {
  const auto m = std::get<Message>(decode_message(payment_response));
  EXPECT_EQ(m.header.rsp_code, "1001");
  EXPECT_EQ(m.header.rsp_msg, "交易成功");
  EXPECT_EQ(m.header.record_num, 0u);
  const auto p = std::get<PaymentResponse>(decode_payment_response(m.body));
  EXPECT_EQ(p.charge_id, "C0000000000000000001");
  EXPECT_EQ(p.paid_amt_fen, 12345u);
  EXPECT_EQ(p.penalty_paid_fen, 100u);
  EXPECT_EQ(p.prepaid_bal_fen, 0u);
  EXPECT_EQ(p.invoice_no, "FP20261128000001");
}

TEST(Sg186Vectors, PaymentResponseIsEncodedByteForByte) {
  const auto m = std::get<Message>(decode_message(payment_response));
  const auto p = std::get<PaymentResponse>(decode_payment_response(m.body));
  EXPECT_EQ(encode_message(m.header, encode_body(p)), payment_response);
}

TEST(Sg186Vectors, HeaderOnlyDeclineDecodes) {
  const auto m = std::get<Message>(decode_message(arrears_declined));
  EXPECT_EQ(m.header.txn_code, 10u);
  EXPECT_EQ(m.header.rsp_code, "1004");
  EXPECT_EQ(m.header.rsp_msg, "该用户编号不存在");
  EXPECT_TRUE(m.body.empty());
}

TEST(Sg186Gbk, ChineseNamesAndAddressesRoundTrip) {
  for (const char* text : {"张三", "四川省成都市双流区东升街道 12 号", "龙泉驿区 ABC-3"}) {
    const auto gbk = utf8_to_gbk(text);
    ASSERT_TRUE(gbk) << text;
    EXPECT_EQ(gbk_to_utf8(*gbk), text);
  }
}

TEST(Sg186Gbk, UserDefinedCodesReadAsPrivateUseInsteadOfFailing) {
  const auto text = gbk_to_utf8("\xAA\xA1");  // GBK user-defined area 1, e.g. a 生僻字 in a name
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, "\xEE\x80\x80");  // U+E000
}

TEST(Sg186Gbk, AFailedConversionLeavesNothingBehindForTheNextOneOnTheSameThread) {
  // The converters are kept per thread: a half-read character must not carry over.
  const auto gbk = utf8_to_gbk("张三");
  ASSERT_TRUE(gbk);
  EXPECT_FALSE(gbk_to_utf8(gbk->substr(0, 3)));  // 张 and half of 三
  EXPECT_EQ(gbk_to_utf8(*gbk), "张三");
  EXPECT_FALSE(utf8_to_gbk("\xE5\xBC"));  // half of a UTF-8 character
  EXPECT_EQ(utf8_to_gbk("张三"), gbk);
  std::optional<std::string> elsewhere;
  std::thread([&] { elsewhere = gbk_to_utf8(*gbk); }).join();
  EXPECT_EQ(elsewhere, "张三");
}

TEST(Sg186Fields, TruncationNeverSplitsADoubleByteCharacter) {
  FieldWriter w;
  w.text("张三丰", 5);  // 6 GBK bytes into 5: keeps 张三 (4) and pads one space
  EXPECT_EQ(w.bytes().size(), 5u);
  EXPECT_EQ(*gbk_to_utf8(w.bytes().substr(0, 4)), "张三");
  EXPECT_EQ(w.bytes()[4], ' ');
  FieldReader r(w.bytes());
  EXPECT_EQ(r.text("NAME", 5), "张三");
}

TEST(Sg186Fields, CharactersOutsideGbkBecomeQuestionMarks) {
  FieldWriter w;
  w.text("A😀B", 4);
  EXPECT_EQ(w.bytes(), "A?B ");
}

TEST(Sg186Fields, NumbersArePaddedAndMustFit) {
  FieldWriter w;
  w.number(12445, 12);
  EXPECT_EQ(w.bytes(), "000000012445");
  EXPECT_THROW(w.number(1000, 3), std::out_of_range);
}

TEST(Sg186Malformed, ShortLongAndNonDigitLengthsAreRefused) {
  EXPECT_EQ(std::get<std::string>(decode_message("00000001")), "LEN: needs 10 bytes, 8 left");
  EXPECT_EQ(std::get<std::string>(decode_message("00000001x5" + std::string(145, ' '))),
            "LEN: '00000001x5' is not N(10)");
  EXPECT_EQ(std::get<std::string>(decode_message(payment_request + "X")), "LEN 191 but 192 bytes follow");
  EXPECT_EQ(std::get<std::string>(decode_message(payment_request.substr(0, 100))), "LEN 191 but 90 bytes follow");
  EXPECT_EQ(std::get<std::string>(decode_message("0000000010" + std::string(10, ' '))), "LEN 10 outside 145..1048576");
}

TEST(Sg186Malformed, BadFieldIsNamed) {
  std::string bad = payment_request;
  bad[10] = 'X';  // TXN_CODE
  EXPECT_EQ(std::get<std::string>(decode_message(bad)), "TXN_CODE: 'X11' is not N(3)");
  const auto m = std::get<Message>(decode_message(payment_request));
  std::string body = m.body;
  body[20] = '-';  // inside PAY_AMT
  EXPECT_EQ(std::get<std::string>(decode_payment_request(body, 1)), "PAY_AMT: '0000-0012445' is not N(12)");
  EXPECT_EQ(std::get<std::string>(decode_payment_request(m.body, 2)), "RCVBL_ID: needs 16 bytes, 0 left");
}

TEST(Sg186FrameDecoder, CompletesOnEverySplit) {
  for (std::size_t split = 0; split <= payment_response.size(); ++split) {
    FrameDecoder d;
    const auto first = d.feed(std::string_view(payment_response).substr(0, split));
    const auto second = d.feed(std::string_view(payment_response).substr(first.consumed));
    EXPECT_EQ(second.status, FrameDecoder::Status::complete) << split;
    EXPECT_EQ(d.message(), payment_response);
  }
}

TEST(Sg186FrameDecoder, LeavesBytesAfterTheMessage) {
  FrameDecoder d;
  const auto r = d.feed(payment_response + "0000000191");
  EXPECT_EQ(r.status, FrameDecoder::Status::complete);
  EXPECT_EQ(r.consumed, payment_response.size());
}

TEST(Sg186FrameDecoder, BadLengthIsJudgedOnTheTenDigits) {
  FrameDecoder non_digit;
  EXPECT_EQ(non_digit.feed("00000001x5AAAA").reason, "LEN '00000001x5' is not 10 digits");
  FrameDecoder too_big;
  const auto r = too_big.feed("9999999999");
  EXPECT_EQ(r.status, FrameDecoder::Status::bad);
  EXPECT_EQ(r.reason, "LEN 9999999999 outside 145..1048576");
  FrameDecoder too_small;
  EXPECT_EQ(too_small.feed("0000000100").status, FrameDecoder::Status::bad);
}

TEST(Sg186Bodies, ArrearsResponseRoundTripsWithChineseTextAndBills) {
  ArrearsResponse a;
  a.cons_no = "5100012345";
  a.cons_name = "王二麻子";
  a.address = "四川省眉山市东坡区永丰村三组";
  a.cons_sort = "03";
  a.partial_allowed = true;
  a.owe_total_fen = 24890;
  a.penalty_total_fen = 120;
  a.bills = {{"R202609000001", 202609, 12445, 80, 238}, {"R202610000001", 202610, 12445, 40, 238}};
  const std::string body = encode_body(a);
  EXPECT_EQ(body.size(), 16u + 60 + 120 + 2 + 1 + 1 + 12 * 3 + 2 * (16 + 6 + 12 + 12 + 10));
  const auto back = std::get<ArrearsResponse>(decode_arrears_response(body, 2));
  EXPECT_EQ(back.cons_name, "王二麻子");
  EXPECT_EQ(back.address, a.address);
  EXPECT_TRUE(back.partial_allowed);
  EXPECT_FALSE(back.card_meter);
  ASSERT_EQ(back.bills.size(), 2u);
  EXPECT_EQ(back.bills[1].month, 202610u);
  EXPECT_EQ(back.bills[0].penalty_fen, 80u);
  EXPECT_EQ(std::get<std::string>(decode_arrears_response(body, 3)), "RCVBL_ID: needs 16 bytes, 0 left");
  EXPECT_EQ(std::get<std::string>(decode_arrears_response(body, 1)), "56 bytes after the last field");
}

TEST(Sg186Bodies, OutageResponseRoundTrips) {
  const OutageResponse o{"5100012345", 24890, 47, true, 20261101};
  const auto back = std::get<OutageResponse>(decode_outage_response(encode_body(o)));
  EXPECT_EQ(back.overdue_days, 47u);
  EXPECT_TRUE(back.powered_off);
  EXPECT_EQ(back.notice_date, 20261101u);
}

TEST(Sg186Bodies, CustomerRequestIsOneField) {
  EXPECT_EQ(encode_body(CustomerRequest{"5100012345"}), "5100012345      ");
  EXPECT_EQ(std::get<CustomerRequest>(decode_customer_request("5100012345      ")).cons_no, "5100012345");
  EXPECT_EQ(std::get<std::string>(decode_customer_request("51000")), "CONS_NO: needs 16 bytes, 5 left");
}

}  // namespace
}  // namespace mstation::sg186
