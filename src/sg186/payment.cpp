#include "mstation/sg186/payment.hpp"

#include "mstation/sg186/body_reader.hpp"

namespace mstation::sg186 {
std::string encode_body(const PaymentRequest& r) {
  FieldWriter w;
  w.text(r.cons_no, 16).number(r.pay_amt_fen, 12).text(r.pay_mode, 2);
  for (const auto& bill : r.bill_ids) w.text(bill, 16);
  return w.bytes();
}

std::string encode_body(const PaymentResponse& r) {
  FieldWriter w;
  w.text(r.cons_no, 16)
      .text(r.charge_id, 20)
      .number(r.paid_amt_fen, 12)
      .number(r.penalty_paid_fen, 12)
      .number(r.prepaid_bal_fen, 12)
      .text(r.invoice_no, 20);
  return w.bytes();
}

std::variant<PaymentRequest, std::string> decode_payment_request(std::string_view body, unsigned record_num) {
  FieldReader r(body);
  PaymentRequest p;
  p.cons_no = r.text("CONS_NO", 16);
  p.pay_amt_fen = r.number("PAY_AMT", 12);
  p.pay_mode = r.text("PAY_MODE", 2);
  for (unsigned i = 0; i < record_num && r.ok(); ++i) p.bill_ids.push_back(r.text("RCVBL_ID", 16));
  return finish_body(r, std::move(p));
}

std::variant<PaymentResponse, std::string> decode_payment_response(std::string_view body) {
  FieldReader r(body);
  PaymentResponse p;
  p.cons_no = r.text("CONS_NO", 16);
  p.charge_id = r.text("CHARGE_ID", 20);
  p.paid_amt_fen = r.number("PAID_AMT", 12);
  p.penalty_paid_fen = r.number("PENALTY_PAID", 12);
  p.prepaid_bal_fen = r.number("PREPAID_BAL", 12);
  p.invoice_no = r.text("INVOICE_NO", 20);
  return finish_body(r, std::move(p));
}

}  // namespace mstation::sg186
