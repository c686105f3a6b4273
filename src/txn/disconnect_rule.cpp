#include "mstation/txn/disconnect_rule.hpp"

#include <fmt/format.h>

#include "mstation/common/civil_date.hpp"

namespace mstation::txn {

DisconnectDecision decide_disconnect(const OutageFacts& f) {
  if (f.powered_off) return {false, "已停电 already disconnected"};
  if (f.arrears_fen <= 0) return {false, "无欠费 nothing owed"};
  if (f.overdue_days <= overdue_days_before_disconnect) {
    return {false, fmt::format("欠费逾期{}天，未超过{}天 overdue {} days, not more than {}", f.overdue_days,
                               overdue_days_before_disconnect, f.overdue_days, overdue_days_before_disconnect)};
  }
  if (f.notice_date == 0) return {false, "未送达催费通知 no dunning notice served"};
  const auto served_days = days_between(f.notice_date, f.today);
  if (served_days < notice_days_before_disconnect) {
    return {false, fmt::format("催费通知送达{}天，不足{}天 notice served {} days ago, fewer than {}", served_days,
                               notice_days_before_disconnect, served_days, notice_days_before_disconnect)};
  }
  return {true, fmt::format("欠费逾期{}天，催费通知已送达{}天 overdue {} days, notice served {} days ago",
                            f.overdue_days, served_days, f.overdue_days, served_days)};
}

}  // namespace mstation::txn
