#pragma once
// 011 缴费 payment: request and response bodies (sg186-interface.md §3).
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "mstation/sg186/codes.hpp"

namespace mstation::sg186 {

struct PaymentRequest {
  std::string cons_no;               // C(16)
  std::uint64_t pay_amt_fen = 0;     // N(12)
  std::string pay_mode = "01";       // C(2), 01 cash
  std::vector<std::string> bill_ids;  // [RCVBL_ID C(16)] × RECORD_NUM; none = oldest first
};

struct PaymentResponse {
  std::string cons_no;                // C(16)
  std::string charge_id;              // C(20), SG186's own id
  std::uint64_t paid_amt_fen = 0;     // N(12)
  std::uint64_t penalty_paid_fen = 0;  // N(12)
  std::uint64_t prepaid_bal_fen = 0;   // N(12)
  std::string invoice_no;             // C(20)
};

std::string encode_body(const PaymentRequest& r);  // RECORD_NUM = bill_ids.size()
std::string encode_body(const PaymentResponse& r);  // RECORD_NUM 0
std::variant<PaymentRequest, std::string> decode_payment_request(std::string_view body, unsigned record_num);
std::variant<PaymentResponse, std::string> decode_payment_response(std::string_view body);

}  // namespace mstation::sg186
