#pragma once
// 010 欠费查询 arrears query and 014 停电核查 outage check (sg186-interface.md §3).
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "mstation/sg186/codes.hpp"

namespace mstation::sg186 {

// Both requests are one field: CONS_NO C(16).
struct CustomerRequest {
  std::string cons_no;
};
std::string encode_body(const CustomerRequest& r);
std::variant<CustomerRequest, std::string> decode_customer_request(std::string_view body);

struct Bill {
  std::string bill_id;        // RCVBL_ID C(16)
  std::uint32_t month = 0;    // YM N(6), YYYYMM
  std::uint64_t amount_fen = 0;
  std::uint64_t penalty_fen = 0;
  std::uint64_t kwh = 0;      // N(10)
};

struct ArrearsResponse {
  std::string cons_no;
  std::string cons_name;      // C(60)
  std::string address;        // C(120)
  std::string cons_sort;      // C(2): 01 高压, 02 低压非居民, 03 低压居民
  bool card_meter = false;    // C(1) "1"
  bool partial_allowed = false;  // C(1) "1" partial allowed, "2" full only
  std::uint64_t owe_total_fen = 0;
  std::uint64_t penalty_total_fen = 0;
  std::uint64_t prepaid_bal_fen = 0;
  std::vector<Bill> bills;    // × RECORD_NUM
};

std::string encode_body(const ArrearsResponse& r);
std::variant<ArrearsResponse, std::string> decode_arrears_response(std::string_view body, unsigned record_num);

struct OutageResponse {
  std::string cons_no;
  std::uint64_t owe_total_fen = 0;
  std::uint32_t overdue_days = 0;  // N(4)
  bool powered_off = false;        // POWEROFF C(2): 01 off, 02 on
  std::uint32_t notice_date = 0;   // N(8), 0 if no dunning notice served
};

std::string encode_body(const OutageResponse& r);
std::variant<OutageResponse, std::string> decode_outage_response(std::string_view body);

}  // namespace mstation::sg186
