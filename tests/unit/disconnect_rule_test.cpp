// OUTAGE_CHECK's may_disconnect: every condition, and the reason naming the one that fails.
#include <gtest/gtest.h>

#include "mstation/txn/disconnect_rule.hpp"

namespace mstation::txn {
namespace {

OutageFacts eligible() { return {24890, 47, 20261118, false, 20261128}; }

TEST(DisconnectRule, AllConditionsMetMayDisconnect) {
  const auto d = decide_disconnect(eligible());
  EXPECT_TRUE(d.may_disconnect);
  EXPECT_NE(d.reason.find("notice served 10 days ago"), std::string::npos) << d.reason;
}

TEST(DisconnectRule, EachFailingConditionIsNamed) {
  auto f = eligible();
  f.powered_off = true;
  EXPECT_EQ(decide_disconnect(f).reason, "已停电 already disconnected");
  f = eligible();
  f.arrears_fen = 0;
  EXPECT_EQ(decide_disconnect(f).reason, "无欠费 nothing owed");
  f = eligible();
  f.overdue_days = 30;  // "more than 30 days": 30 is not enough
  EXPECT_FALSE(decide_disconnect(f).may_disconnect);
  EXPECT_NE(decide_disconnect(f).reason.find("overdue 30 days"), std::string::npos);
  f = eligible();
  f.notice_date = 0;
  EXPECT_EQ(decide_disconnect(f).reason, "未送达催费通知 no dunning notice served");
  f = eligible();
  f.notice_date = 20261122;  // 6 days
  EXPECT_FALSE(decide_disconnect(f).may_disconnect);
  f.notice_date = 20261121;  // 7 days: enough
  EXPECT_TRUE(decide_disconnect(f).may_disconnect);
}

TEST(DisconnectRule, NoticeDaysCountAcrossMonthEnds) {
  auto f = eligible();
  f.today = 20261203;
  f.notice_date = 20261126;
  EXPECT_TRUE(decide_disconnect(f).may_disconnect);
}

}  // namespace
}  // namespace mstation::txn
