// The console's per-client limits (web/console_guard.hpp) without sockets:
// connection slots and login tickets are given back when released.
#include <gtest/gtest.h>

#include "mstation/web/console_guard.hpp"

namespace mstation::web {
namespace {

config::WebListener listener(int pool_size, int per_ip, int logins_per_minute) {
  config::WebListener w;
  w.pool_size = pool_size;
  w.max_connections = 3;
  w.max_connections_per_ip = per_ip;
  w.login_attempts_per_minute = logins_per_minute;
  return w;
}

TEST(ConsoleGuard, OneLoginIsCheckedAtATimeWhenThePoolHasTwoThreadsAndTheTicketIsGivenBack) {
  ConsoleGuard guard(listener(2, 3, 100));
  {
    const auto first = guard.admit_login("127.0.0.1");
    EXPECT_TRUE(first);
    EXPECT_FALSE(guard.admit_login("127.0.0.2")) << "the other thread stays for the logged-in";
  }
  EXPECT_TRUE(guard.admit_login("127.0.0.2"));
}

TEST(ConsoleGuard, AnAttemptTurnedAwayAsBusyDoesNotUseUpTheAddresssAttemptsOfTheMinute) {
  ConsoleGuard guard(listener(2, 3, 2));
  {
    const auto checking = guard.admit_login("127.0.0.1");
    for (int i = 0; i < 10; ++i) EXPECT_FALSE(guard.admit_login("127.0.0.1"));
  }
  EXPECT_TRUE(guard.admit_login("127.0.0.1")) << "the second of two";
  EXPECT_FALSE(guard.admit_login("127.0.0.1"));
}

TEST(ConsoleGuard, ASingleThreadPoolStillChecksOneLogin) {
  ConsoleGuard guard(listener(1, 3, 100));
  EXPECT_TRUE(guard.admit_login("127.0.0.1"));
}

TEST(ConsoleGuard, LoginAttemptsOverThePerMinuteLimitAreRefusedForThatAddressOnly) {
  ConsoleGuard guard(listener(4, 3, 2));
  EXPECT_TRUE(guard.admit_login("127.0.0.1"));
  EXPECT_TRUE(guard.admit_login("127.0.0.1"));
  EXPECT_FALSE(guard.admit_login("127.0.0.1"));
  EXPECT_TRUE(guard.admit_login("127.0.0.2"));
}

TEST(ConsoleGuard, ConnectionsAreBoundedPerAddressAndInAllAndComeBackWhenReleased) {
  ConsoleGuard guard(listener(2, 2, 100));
  auto a1 = guard.admit_connection("127.0.0.1");
  auto a2 = guard.admit_connection("127.0.0.1");
  EXPECT_TRUE(a1 && a2);
  EXPECT_FALSE(guard.admit_connection("127.0.0.1")) << "per address";
  auto b1 = guard.admit_connection("127.0.0.2");
  EXPECT_TRUE(b1);
  EXPECT_FALSE(guard.admit_connection("127.0.0.3")) << "in all (3)";
  a1.reset();
  EXPECT_TRUE(guard.admit_connection("127.0.0.3"));
}

}  // namespace
}  // namespace mstation::web
