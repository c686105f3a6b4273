#pragma once
// Smart-card meter purchase (sg186-interface.md §3): 040 购电 and 041 写卡确认.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "mstation/sg186/codes.hpp"

namespace mstation::sg186 {

struct CardPurchaseRequest {
  std::string cons_no;             // C(16)
  std::string meter_no;            // C(24)
  std::uint64_t amount_fen = 0;    // N(12)
  std::string card_serial;         // C(16)
  std::uint32_t buy_count = 0;     // N(6) the count on the card
};
std::string encode_body(const CardPurchaseRequest& r);
std::variant<CardPurchaseRequest, std::string> decode_card_purchase_request(std::string_view body);

struct CardPurchaseResponse {
  std::string charge_id;             // C(20)
  std::uint32_t new_buy_count = 0;   // N(6)
  std::string write_data;            // C(512) hex of the card write block
};
std::string encode_body(const CardPurchaseResponse& r);
std::variant<CardPurchaseResponse, std::string> decode_card_purchase_response(std::string_view body);

struct CardConfirmRequest {
  std::string orig_serial;  // C(20) the 040's SERIAL
  bool written = false;     // C(1): 1 yes, 0 no
};
std::string encode_body(const CardConfirmRequest& r);
std::variant<CardConfirmRequest, std::string> decode_card_confirm_request(std::string_view body);

struct CardConfirmResponse {
  std::string status;  // C(2)
};
std::string encode_body(const CardConfirmResponse& r);
std::variant<CardConfirmResponse, std::string> decode_card_confirm_response(std::string_view body);

}  // namespace mstation::sg186
