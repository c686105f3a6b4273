#include "mstation/sg186/card_purchase.hpp"

#include "mstation/sg186/body_reader.hpp"

namespace mstation::sg186 {

std::string encode_body(const CardPurchaseRequest& r) {
  FieldWriter w;
  w.text(r.cons_no, 16).text(r.meter_no, 24).number(r.amount_fen, 12).text(r.card_serial, 16).number(r.buy_count, 6);
  return w.bytes();
}

std::variant<CardPurchaseRequest, std::string> decode_card_purchase_request(std::string_view body) {
  FieldReader r(body);
  CardPurchaseRequest v;
  v.cons_no = r.text("CONS_NO", 16);
  v.meter_no = r.text("METER_NO", 24);
  v.amount_fen = r.number("AMOUNT", 12);
  v.card_serial = r.text("CARD_SERIAL", 16);
  v.buy_count = static_cast<std::uint32_t>(r.number("BUY_COUNT", 6));
  return finish_body(r, std::move(v));
}

std::string encode_body(const CardPurchaseResponse& r) {
  FieldWriter w;
  w.text(r.charge_id, 20).number(r.new_buy_count, 6).text(r.write_data, 512);
  return w.bytes();
}

std::variant<CardPurchaseResponse, std::string> decode_card_purchase_response(std::string_view body) {
  FieldReader r(body);
  CardPurchaseResponse v;
  v.charge_id = r.text("CHARGE_ID", 20);
  v.new_buy_count = static_cast<std::uint32_t>(r.number("NEW_BUY_COUNT", 6));
  v.write_data = r.text("WRITE_DATA", 512);
  return finish_body(r, std::move(v));
}

std::string encode_body(const CardConfirmRequest& r) {
  FieldWriter w;
  w.text(r.orig_serial, 20).text(r.written ? "1" : "0", 1);
  return w.bytes();
}

std::variant<CardConfirmRequest, std::string> decode_card_confirm_request(std::string_view body) {
  FieldReader r(body);
  CardConfirmRequest v;
  v.orig_serial = r.text("ORIG_SERIAL", 20);
  v.written = r.text("WRITTEN", 1) == "1";
  return finish_body(r, std::move(v));
}

std::string encode_body(const CardConfirmResponse& r) {
  FieldWriter w;
  w.text(r.status, 2);
  return w.bytes();
}

std::variant<CardConfirmResponse, std::string> decode_card_confirm_response(std::string_view body) {
  FieldReader r(body);
  CardConfirmResponse v;
  v.status = r.text("STATUS", 2);
  return finish_body(r, std::move(v));
}

}  // namespace mstation::sg186
