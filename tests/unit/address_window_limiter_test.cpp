#include <gtest/gtest.h>

#include "mstation/common/address_window_limiter.hpp"

namespace mstation {
namespace {

using namespace std::chrono_literals;

const TimePoint start = TimePoint{} + 1000h;

TEST(AddressWindowLimiter, TheFirstFailuresOfAWindowAreJournaledThenOnlyCounted) {
  AddressWindowLimiter limiter(3, 60s);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.admit("127.0.0.9", start + std::chrono::seconds(i)));
  EXPECT_FALSE(limiter.admit("127.0.0.9", start + 4s));
  EXPECT_FALSE(limiter.admit("127.0.0.9", start + 5s));
  const auto suppressed = limiter.take_suppressed();
  ASSERT_EQ(suppressed.size(), 1u);
  EXPECT_EQ(suppressed[0].address, "127.0.0.9");
  EXPECT_EQ(suppressed[0].events, 2u);
  EXPECT_TRUE(limiter.take_suppressed().empty());  // taken once
}

TEST(AddressWindowLimiter, OneAddressOverItsLimitDoesNotLimitAnother) {
  AddressWindowLimiter limiter(1, 60s);
  EXPECT_TRUE(limiter.admit("127.0.0.9", start));
  EXPECT_FALSE(limiter.admit("127.0.0.9", start));
  EXPECT_TRUE(limiter.admit("127.0.0.10", start));
}

TEST(AddressWindowLimiter, ANewWindowJournalsAgain) {
  AddressWindowLimiter limiter(1, 60s);
  EXPECT_TRUE(limiter.admit("127.0.0.9", start));
  EXPECT_FALSE(limiter.admit("127.0.0.9", start + 59s));
  EXPECT_TRUE(limiter.admit("127.0.0.9", start + 60s));
}

TEST(AddressWindowLimiter, AClockSteppedBackStartsAFreshWindowRatherThanLockingTheAddressOut) {
  AddressWindowLimiter limiter(1, 60s);
  EXPECT_TRUE(limiter.admit("127.0.0.9", start));
  EXPECT_TRUE(limiter.admit("127.0.0.9", start - 3600s));
}

}  // namespace
}  // namespace mstation
