#include "mstation/sg186/account_changes.hpp"

#include "mstation/sg186/body_reader.hpp"

namespace mstation::sg186 {

std::string encode_body(const ReversalRequest& r) {
  FieldWriter w;
  w.text(r.cons_no, 16).text(r.orig_serial, 20).number(r.orig_date, 8).number(r.amount_fen, 12).text(r.reason, 40);
  return w.bytes();
}

std::string encode_body(const PrepaymentRequest& r) {
  FieldWriter w;
  w.text(r.cons_no, 16).number(r.amount_fen, 12);
  return w.bytes();
}

std::string encode_body(const BalanceResponse& r) {
  FieldWriter w;
  w.text(r.cons_no, 16).text(r.charge_id, 20).number(r.prepaid_bal_fen, 12);
  return w.bytes();
}

std::variant<ReversalRequest, std::string> decode_reversal_request(std::string_view body) {
  FieldReader r(body);
  ReversalRequest v;
  v.cons_no = r.text("CONS_NO", 16);
  v.orig_serial = r.text("ORIG_SERIAL", 20);
  v.orig_date = static_cast<std::uint32_t>(r.number("ORIG_DATE", 8));
  v.amount_fen = r.number("AMOUNT", 12);
  v.reason = r.text("REASON", 40);
  return finish_body(r, std::move(v));
}

std::variant<PrepaymentRequest, std::string> decode_prepayment_request(std::string_view body) {
  FieldReader r(body);
  PrepaymentRequest v;
  v.cons_no = r.text("CONS_NO", 16);
  v.amount_fen = r.number("AMOUNT", 12);
  return finish_body(r, std::move(v));
}

std::variant<BalanceResponse, std::string> decode_balance_response(std::string_view body) {
  FieldReader r(body);
  BalanceResponse v;
  v.cons_no = r.text("CONS_NO", 16);
  v.charge_id = r.text("CHARGE_ID", 20);
  v.prepaid_bal_fen = r.number("PREPAID_BAL", 12);
  return finish_body(r, std::move(v));
}

}  // namespace mstation::sg186
