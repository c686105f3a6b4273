#pragma once
// OUTAGE_CHECK's `may_disconnect` (停电前欠费查询), after 《供电营业规则》
// for residential customers: power may be cut for arrears only when all of
//   - something is owed,
//   - the oldest unpaid bill is more than 30 days overdue,
//   - a dunning notice (催费通知) was served at least 7 days ago,
//   - the customer is not already disconnected.
// `reason` names the first condition that fails, or says why it may.
#include <cstdint>
#include <string>

namespace mstation::txn {

struct OutageFacts {
  std::int64_t arrears_fen = 0;
  std::uint32_t overdue_days = 0;
  std::uint32_t notice_date = 0;  // YYYYMMDD, 0 = no notice served
  bool powered_off = false;
  std::uint32_t today = 0;        // YYYYMMDD, our business date
};

struct DisconnectDecision {
  bool may_disconnect = false;
  std::string reason;
};

constexpr std::uint32_t overdue_days_before_disconnect = 30;
constexpr int notice_days_before_disconnect = 7;

DisconnectDecision decide_disconnect(const OutageFacts& facts);

}  // namespace mstation::txn
