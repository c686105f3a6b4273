#pragma once
// 012 当日冲正 same-day reversal and 013 预收 prepayment (sg186-interface.md §3).
// Both are answered with the customer's new prepaid balance.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "mstation/sg186/codes.hpp"

namespace mstation::sg186 {

struct ReversalRequest {
  std::string cons_no;             // C(16)
  std::string orig_serial;         // C(20)
  std::uint32_t orig_date = 0;     // N(8) the original's WORK_DATE
  std::uint64_t amount_fen = 0;    // N(12) the original's amount
  std::string reason;              // C(40)
};

struct PrepaymentRequest {
  std::string cons_no;           // C(16)
  std::uint64_t amount_fen = 0;  // N(12)
};

// The answer to 012 and 013.
struct BalanceResponse {
  std::string cons_no;                // C(16)
  std::string charge_id;              // C(20)
  std::uint64_t prepaid_bal_fen = 0;  // N(12)
};

std::string encode_body(const ReversalRequest& r);
std::string encode_body(const PrepaymentRequest& r);
std::string encode_body(const BalanceResponse& r);
std::variant<ReversalRequest, std::string> decode_reversal_request(std::string_view body);
std::variant<PrepaymentRequest, std::string> decode_prepayment_request(std::string_view body);
std::variant<BalanceResponse, std::string> decode_balance_response(std::string_view body);

}  // namespace mstation::sg186
