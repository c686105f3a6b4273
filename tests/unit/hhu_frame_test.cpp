// Frames of hhu-protocol.md §2 against the vectors of §7.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "mstation/hhu/frame.hpp"
#include "mstation/hhu/frame_decoder.hpp"
#include "support/hhu_vectors.hpp"

namespace mstation::hhu {
namespace {

using namespace test::hhu_vectors;

Frame parse(const Bytes& raw) {
  auto parsed = parse_frame(raw);
  if (auto* error = std::get_if<std::string>(&parsed)) ADD_FAILURE() << *error;
  return std::get_if<Frame>(&parsed) ? std::get<Frame>(parsed) : Frame{};
}

TimePoint vector_time() { return *from_china_time({2026, 11, 28, 10, 30, 15}); }

TEST(HhuFrameVectors, SignOnRequestHeaderFields) {
  const Frame f = parse(sign_on_frame);
  EXPECT_EQ(f.header.version, 0x01);
  EXPECT_EQ(f.header.flags, flag_secured);
  EXPECT_EQ(f.header.suite, 0x01);
  EXPECT_EQ(f.header.tid, "51010001");
  EXPECT_EQ(f.header.seq, 7u);
  EXPECT_EQ(from_bcd_time(f.header.time), vector_time());
  EXPECT_EQ(txn_code(f.header.txn), "0001");
  EXPECT_EQ(f.header.kver, 0x00);
  EXPECT_EQ(to_hex(f.header.iv), "A1A2A3A4A5A6A7A80000000000000000");
}

TEST(HhuFrameVectors, SignOnRequestOpensUnderMasterKeyVariants) {
  const Frame f = parse(sign_on_frame);
  const auto opened = open_secured_frame(f, Suite::tdea, master_encryption_key(tmk), master_mac_key(tmk));
  ASSERT_EQ(opened.status, Opened::Status::ok);
  EXPECT_EQ(opened.plaintext, R"({"operator_id":"0042","password":"123456"})");
}

TEST(HhuFrameVectors, SignOnRequestIsRebuiltByteForByte) {
  Header h;
  h.suite = 0x01;
  h.tid = "51010001";
  h.seq = 7;
  h.time = to_bcd_time(vector_time());
  h.txn = 0x0001;
  h.kver = 0x00;
  h.iv = {0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8};
  const Bytes built = build_secured_frame(h, Suite::tdea, master_encryption_key(tmk), master_mac_key(tmk),
                                          R"({"operator_id":"0042","password":"123456"})");
  EXPECT_EQ(to_hex(built), to_hex(sign_on_frame));
}

TEST(HhuFrameVectors, PaymentRequestOpensUnderWorkingKeys) {
  const Frame f = parse(payment_frame);
  EXPECT_EQ(f.header.seq, 8u);
  EXPECT_EQ(f.header.kver, 0x03);
  EXPECT_EQ(txn_code(f.header.txn), "0202");
  const auto opened = open_secured_frame(f, Suite::tdea, tdk, tak);
  ASSERT_EQ(opened.status, Opened::Status::ok);
  EXPECT_EQ(opened.plaintext, R"({"customer_no":"5100012345","amount_fen":12345,"pay_mode":"cash"})");
}

TEST(HhuFrameVectors, AesEchoRequestOpensUnderAesMasterVariants) {
  const Frame f = parse(aes_echo_frame);
  EXPECT_EQ(f.header.suite, 0x02);
  EXPECT_EQ(f.header.tid, "51010002");
  const auto opened = open_secured_frame(f, Suite::aes, master_encryption_key(aes_tmk), master_mac_key(aes_tmk));
  ASSERT_EQ(opened.status, Opened::Status::ok);
  EXPECT_EQ(opened.plaintext, "{}");
}

TEST(HhuFrameVectors, AesEchoRequestIsRebuiltByteForByte) {
  const Frame f = parse(aes_echo_frame);
  const Bytes built =
      build_secured_frame(f.header, Suite::aes, master_encryption_key(aes_tmk), master_mac_key(aes_tmk), "{}");
  EXPECT_EQ(built, aes_echo_frame);
}

TEST(HhuFrame, AnyFlippedBitOfASecuredFrameIsRejectedBeforeDecryption) {
  for (std::size_t bit = 16; bit < payment_frame.size() * 8; ++bit) {  // LEN flips are framing errors
    Bytes tampered = payment_frame;
    tampered[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    auto parsed = parse_frame(tampered);
    if (std::holds_alternative<std::string>(parsed)) continue;  // MAGIC flipped: no frame at all
    const auto opened = open_secured_frame(std::get<Frame>(parsed), Suite::tdea, tdk, tak);
    EXPECT_EQ(opened.status, Opened::Status::bad_mac) << "bit " << bit;
  }
}

TEST(HhuFrame, PlainFrameHasZeroIvAndMac) {
  Header h;
  h.flags = flag_response;
  h.suite = 0x01;
  h.tid = "51010001";
  h.seq = 9;
  h.txn = 0x0202;
  const Bytes raw = build_plain_frame(h, R"({"code":"A2","next_seq":10})");
  const Frame f = parse(raw);
  EXPECT_EQ(f.header.flags, flag_response);
  EXPECT_EQ(f.header.kver, 0);
  EXPECT_EQ(f.header.iv, Iv{});
  EXPECT_EQ(f.mac, Mac{});
  EXPECT_EQ(std::string(f.payload.begin(), f.payload.end()), R"({"code":"A2","next_seq":10})");
  EXPECT_EQ(raw.size(), 2 + 43 + f.payload.size() + 8);
}

TEST(HhuFrame, ParseRejectsLengthMismatchAndBadMagic) {
  Bytes short_by_one(payment_frame.begin(), payment_frame.end() - 1);
  EXPECT_TRUE(std::holds_alternative<std::string>(parse_frame(short_by_one)));
  Bytes bad_magic = payment_frame;
  bad_magic[3] = 'X';
  EXPECT_EQ(std::get<std::string>(parse_frame(bad_magic)), "MAGIC is not HH");
}

TEST(HhuFrame, BcdTimeRoundTripsAndRejectsNonsense) {
  const auto t = vector_time();
  EXPECT_EQ(to_hex(to_bcd_time(t)), "20261128103015");
  EXPECT_EQ(from_bcd_time(to_bcd_time(t)), t);
  EXPECT_FALSE(from_bcd_time({0x20, 0x26, 0x13, 0x01, 0x00, 0x00, 0x00}));  // month 13
  EXPECT_FALSE(from_bcd_time({0x20, 0x26, 0x02, 0x30, 0x00, 0x00, 0x00}));  // 30 February
  EXPECT_FALSE(from_bcd_time({0x20, 0x2A, 0x01, 0x01, 0x00, 0x00, 0x00}));  // not BCD
  // Years a 64-bit nanosecond clock cannot hold (found by fuzzing).
  EXPECT_FALSE(from_bcd_time({0x08, 0x28, 0x01, 0x01, 0x00, 0x00, 0x00}));
  EXPECT_FALSE(from_bcd_time({0x99, 0x99, 0x12, 0x31, 0x23, 0x59, 0x59}));
}

// The decoder, fed the way TCP delivers: any split, byte by byte.
TEST(HhuFrameDecoder, CompletesOnEverySplitOfAFrame) {
  for (std::size_t split = 0; split <= payment_frame.size(); ++split) {
    FrameDecoder decoder(8192);
    auto first = decoder.feed(std::span(payment_frame).first(split));
    if (split < payment_frame.size()) {
      ASSERT_EQ(first.status, FrameDecoder::Status::need_more) << split;
      auto second = decoder.feed(std::span(payment_frame).subspan(split));
      ASSERT_EQ(second.status, FrameDecoder::Status::complete) << split;
    } else {
      ASSERT_EQ(first.status, FrameDecoder::Status::complete);
    }
    EXPECT_EQ(decoder.frame(), payment_frame);
  }
}

TEST(HhuFrameDecoder, ByteByByte) {
  FrameDecoder decoder(8192);
  for (std::size_t i = 0; i < sign_on_frame.size(); ++i) {
    EXPECT_GE(decoder.bytes_wanted(), 1u);
    const auto r = decoder.feed(std::span(sign_on_frame).subspan(i, 1));
    EXPECT_EQ(r.consumed, 1u);
    EXPECT_EQ(r.status, i + 1 == sign_on_frame.size() ? FrameDecoder::Status::complete
                                                       : FrameDecoder::Status::need_more);
  }
  EXPECT_EQ(decoder.frame(), sign_on_frame);
}

TEST(HhuFrameDecoder, AsksForLenAloneThenMagicAloneThenTheBody) {
  FrameDecoder decoder(8192);
  EXPECT_EQ(decoder.bytes_wanted(), 2u);
  decoder.feed(std::span(sign_on_frame).first(2));
  EXPECT_EQ(decoder.bytes_wanted(), 2u);
  decoder.feed(std::span(sign_on_frame).subspan(2, 2));
  EXPECT_EQ(decoder.bytes_wanted(), sign_on_frame.size() - 4);
}

TEST(HhuFrameDecoder, LeavesBytesAfterTheFrameUnconsumed) {
  Bytes stream = sign_on_frame;
  stream.push_back(0xEE);
  FrameDecoder decoder(8192);
  const auto r = decoder.feed(stream);
  EXPECT_EQ(r.status, FrameDecoder::Status::complete);
  EXPECT_EQ(r.consumed, sign_on_frame.size());
}

TEST(HhuFrameDecoder, LenBelowMinimumIsBadAfterTwoBytes) {
  FrameDecoder decoder(8192);
  const Bytes len52{0x00, 0x34};
  const auto r = decoder.feed(len52);
  EXPECT_EQ(r.status, FrameDecoder::Status::bad);
  EXPECT_EQ(r.reason, "LEN 52 outside 53..8192");
  EXPECT_EQ(decoder.received(), len52);
}

TEST(HhuFrameDecoder, LenAboveConfiguredMaximumIsBadBeforeTheBodyArrives) {
  FrameDecoder decoder(8192);
  const Bytes len8193{0x20, 0x01, 'H', 'H', 0x01};
  const auto r = decoder.feed(len8193);
  EXPECT_EQ(r.status, FrameDecoder::Status::bad);
  EXPECT_EQ(r.consumed, 2u);  // judged on LEN alone
  EXPECT_EQ(decoder.bytes_wanted(), 0u);
}

TEST(HhuFrameDecoder, LargestAllowedLenIsAccepted) {
  FrameDecoder decoder(8192);
  const Bytes len8192{0x20, 0x00, 'H', 'H'};
  EXPECT_EQ(decoder.feed(len8192).status, FrameDecoder::Status::need_more);
  EXPECT_EQ(decoder.bytes_wanted(), 8192u - 2u);
}

TEST(HhuFrameDecoder, BadMagicIsBadAfterFourBytes) {
  FrameDecoder decoder(8192);
  const auto r = decoder.feed(Bytes{0x00, 0x63, 'G', 'E', 'T'});
  EXPECT_EQ(r.status, FrameDecoder::Status::bad);
  EXPECT_EQ(r.reason, "MAGIC is not HH");
}

TEST(HhuFrameDecoder, StaysBadAfterwards) {
  FrameDecoder decoder(8192);
  decoder.feed(Bytes{0x00, 0x01});
  EXPECT_EQ(decoder.feed(sign_on_frame).status, FrameDecoder::Status::bad);
}

}  // namespace
}  // namespace mstation::hhu
