#include <gtest/gtest.h>

#include "mstation/common/accept_backoff.hpp"
#include "mstation/common/reconnect_backoff.hpp"
#include "mstation/common/fnv1a.hpp"
#include "mstation/common/printable.hpp"
#include "mstation/common/split.hpp"
#include "mstation/common/hex.hpp"
#include "mstation/common/logging.hpp"
#include "mstation/common/sha256.hpp"

namespace mstation {
namespace {

TEST(AcceptBackoff, OutOfDescriptorsDoublesFromTenMillisecondsToOneSecondAndASuccessResets) {
  using std::chrono::milliseconds;
  AcceptBackoff b;
  const boost::system::error_code emfile(EMFILE, boost::system::system_category());
  std::vector<long> pauses;
  for (int i = 0; i < 9; ++i) pauses.push_back(b.after_failure(emfile).count());
  EXPECT_EQ(pauses, (std::vector<long>{10, 20, 40, 80, 160, 320, 640, 1000, 1000}));
  b.succeeded();
  EXPECT_EQ(b.after_failure(boost::system::error_code(ENFILE, boost::system::system_category())), milliseconds(10));
}

TEST(AcceptBackoff, APeerThatResetBeforeAcceptIsRetriedAtOnce) {
  AcceptBackoff b;
  EXPECT_EQ(b.after_failure(boost::system::error_code(ECONNABORTED, boost::system::system_category())).count(), 0);
}

TEST(ReconnectBackoff, OneAttemptPerWindowWhateverManyThreadsFailAndTheWindowStopsAtFiveSeconds) {
  using std::chrono::milliseconds;
  const auto t0 = ReconnectBackoff::Clock::time_point{} + std::chrono::hours(1);
  ReconnectBackoff b;
  EXPECT_TRUE(b.claim(t0));  // up: every thread may connect
  b.lost(t0);
  EXPECT_TRUE(b.claim(t0));  // the first attempt at once
  for (int thread = 0; thread < 16; ++thread) {
    b.lost(t0);  // sixteen threads fail in the same window: the window does not grow for them
    EXPECT_FALSE(b.claim(t0 + milliseconds(100)));
  }
  EXPECT_TRUE(b.claim(t0 + milliseconds(250)));
  EXPECT_FALSE(b.claim(t0 + milliseconds(251)));
  std::vector<long> windows;
  auto at = t0 + milliseconds(250);
  for (int i = 0; i < 6; ++i) {
    auto next = at + milliseconds(1);
    while (!b.claim(next)) next += milliseconds(1);
    windows.push_back(std::chrono::duration_cast<milliseconds>(next - at).count());
    at = next;
  }
  EXPECT_EQ(windows, (std::vector<long>{500, 1000, 2000, 4000, 5000, 5000}));
}

TEST(ReconnectBackoff, ReachingTheServerEndsTheWaitAndTheNextLossStartsAgainAtOnce) {
  const auto t0 = ReconnectBackoff::Clock::time_point{} + std::chrono::hours(1);
  ReconnectBackoff b;
  b.lost(t0);
  for (int i = 0; i < 8; ++i) b.claim(t0 + std::chrono::seconds(10 * i));
  b.reached();
  EXPECT_FALSE(b.down());
  EXPECT_TRUE(b.claim(t0 + std::chrono::seconds(80)));
  b.lost(t0 + std::chrono::seconds(81));
  EXPECT_TRUE(b.claim(t0 + std::chrono::seconds(81)));
  EXPECT_FALSE(b.claim(t0 + std::chrono::seconds(81) + std::chrono::milliseconds(249)));
}

TEST(Hex, RoundTripsUpperCase) {
  const Bytes bytes{0x01, 0xAB, 0xFF, 0x00};
  EXPECT_EQ(to_hex(bytes), "01ABFF00");
  EXPECT_EQ(from_hex("01abFF00"), bytes);
}

TEST(Hex, RejectsOddLengthAndNonHex) {
  EXPECT_FALSE(from_hex("ABC"));
  EXPECT_FALSE(from_hex("0G"));
  EXPECT_FALSE(from_hex("0 "));
}

TEST(Sha256, MatchesTheFips180Vector) {
  EXPECT_EQ(sha256_hex("abc"), "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD");
}

TEST(RedactConninfo, HidesKeywordPasswords) {
  EXPECT_EQ(redact_conninfo("host=db user=app password=s3cret dbname=ms"),
            "host=db user=app password=*** dbname=ms");
  EXPECT_EQ(redact_conninfo("password = 'a b\\'c' host=x"), "password = *** host=x");
}

TEST(RedactConninfo, HidesUriPasswords) {
  EXPECT_EQ(redact_conninfo("postgresql://app:s3cret@db:5432/ms"), "postgresql://app:***@db:5432/ms");
}

TEST(RedactConninfo, LeavesConninfoWithoutPasswordAlone) {
  EXPECT_EQ(redact_conninfo("host=/tmp port=5432 dbname=ms"), "host=/tmp port=5432 dbname=ms");
}

TEST(LogLevel, ParsesKnownLevelsOnly) {
  EXPECT_EQ(parse_log_level("debug"), spdlog::level::debug);
  EXPECT_EQ(parse_log_level("off"), spdlog::level::off);
  EXPECT_FALSE(parse_log_level("verbose"));
}

}  // namespace
}  // namespace mstation

namespace mstation {
namespace {

TEST(Split, KeepsEveryFieldBetweenSeparatorsEmptyOnesIncluded) {
  EXPECT_EQ(split("51010001,127.0.0.2,tdea,城关供电所", ','),
            (std::vector<std::string>{"51010001", "127.0.0.2", "tdea", "城关供电所"}));
  EXPECT_EQ(split("a,,b,", ','), (std::vector<std::string>{"a", "", "b", ""}));
  EXPECT_EQ(split("", ','), (std::vector<std::string>{""}));
}

TEST(StorableText, AcceptsAsciiAndChineseAndRefusesWhatATextColumnCannotHoldExactly) {
  EXPECT_TRUE(storable_text("ms1/0 hhu_request"));
  EXPECT_TRUE(storable_text("张三 四川省成都市"));
  EXPECT_TRUE(storable_text("\xF0\x9F\x98\x80"));  // U+1F600
  EXPECT_FALSE(storable_text(std::string("00\0" "1", 4)));
  EXPECT_FALSE(storable_text("\xFF"));
  EXPECT_FALSE(storable_text("\xC0\x80"));      // overlong NUL
  EXPECT_FALSE(storable_text("\xED\xA0\x80"));  // a surrogate
  EXPECT_FALSE(storable_text("\xE5\xBC"));      // cut short
  EXPECT_FALSE(storable_text("\xD5\xC5"));      // GBK bytes of 张
}

TEST(Fnv1a, IsTheSameFunctionEverywhere) {
  // Published FNV-1a 64 values: lanes and statement names depend on them not changing.
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(fnv1a64("foobar"), 0x85944171f73967e8ULL);
}

}  // namespace
}  // namespace mstation
