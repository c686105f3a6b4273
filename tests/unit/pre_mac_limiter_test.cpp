#include <gtest/gtest.h>

#include "mstation/txn/pre_mac_limiter.hpp"

namespace mstation::txn {
namespace {

using namespace std::chrono_literals;

const TimePoint start = TimePoint{} + 1000h;

TEST(PreMacLimiter, TheFirstFailuresOfAWindowAreJournaledThenOnlyCounted) {
  PreMacLimiter limiter(3, 60s);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.admit("127.0.0.9", start + std::chrono::seconds(i)));
  EXPECT_FALSE(limiter.admit("127.0.0.9", start + 4s));
  EXPECT_FALSE(limiter.admit("127.0.0.9", start + 5s));
  const auto suppressed = limiter.take_suppressed();
  ASSERT_EQ(suppressed.size(), 1u);
  EXPECT_EQ(suppressed[0].address, "127.0.0.9");
  EXPECT_EQ(suppressed[0].frames, 2u);
  EXPECT_TRUE(limiter.take_suppressed().empty());  // taken once
}

TEST(PreMacLimiter, OneAddressOverItsLimitDoesNotLimitAnother) {
  PreMacLimiter limiter(1, 60s);
  EXPECT_TRUE(limiter.admit("127.0.0.9", start));
  EXPECT_FALSE(limiter.admit("127.0.0.9", start));
  EXPECT_TRUE(limiter.admit("127.0.0.10", start));
}

TEST(PreMacLimiter, ANewWindowJournalsAgain) {
  PreMacLimiter limiter(1, 60s);
  EXPECT_TRUE(limiter.admit("127.0.0.9", start));
  EXPECT_FALSE(limiter.admit("127.0.0.9", start + 59s));
  EXPECT_TRUE(limiter.admit("127.0.0.9", start + 60s));
}

TEST(PreMacLimiter, AClockSteppedBackStartsAFreshWindowRatherThanLockingTheAddressOut) {
  PreMacLimiter limiter(1, 60s);
  EXPECT_TRUE(limiter.admit("127.0.0.9", start));
  EXPECT_TRUE(limiter.admit("127.0.0.9", start - 3600s));
}

}  // namespace
}  // namespace mstation::txn
