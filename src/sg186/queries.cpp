#include "mstation/sg186/queries.hpp"

#include "mstation/sg186/body_reader.hpp"

namespace mstation::sg186 {

std::string encode_body(const CustomerRequest& c) {
  FieldWriter w;
  w.text(c.cons_no, 16);
  return w.bytes();
}

std::variant<CustomerRequest, std::string> decode_customer_request(std::string_view body) {
  FieldReader r(body);
  CustomerRequest c;
  c.cons_no = r.text("CONS_NO", 16);
  return finish_body(r, std::move(c));
}

std::string encode_body(const ArrearsResponse& a) {
  FieldWriter w;
  w.text(a.cons_no, 16)
      .text(a.cons_name, 60)
      .text(a.address, 120)
      .text(a.cons_sort, 2)
      .text(a.card_meter ? "1" : "0", 1)
      .text(a.partial_allowed ? "1" : "2", 1)
      .number(a.owe_total_fen, 12)
      .number(a.penalty_total_fen, 12)
      .number(a.prepaid_bal_fen, 12);
  for (const auto& b : a.bills) {
    w.text(b.bill_id, 16).number(b.month, 6).number(b.amount_fen, 12).number(b.penalty_fen, 12).number(b.kwh, 10);
  }
  return w.bytes();
}

std::variant<ArrearsResponse, std::string> decode_arrears_response(std::string_view body, unsigned record_num) {
  FieldReader r(body);
  ArrearsResponse a;
  a.cons_no = r.text("CONS_NO", 16);
  a.cons_name = r.text("CONS_NAME", 60);
  a.address = r.text("ADDRESS", 120);
  a.cons_sort = r.text("CONS_SORT", 2);
  a.card_meter = r.text("CARD_METER", 1) == "1";
  a.partial_allowed = r.text("PARTIAL", 1) == "1";
  a.owe_total_fen = r.number("OWE_TOTAL", 12);
  a.penalty_total_fen = r.number("PENALTY_TOTAL", 12);
  a.prepaid_bal_fen = r.number("PREPAID_BAL", 12);
  for (unsigned i = 0; i < record_num && r.ok(); ++i) {
    Bill b;
    b.bill_id = r.text("RCVBL_ID", 16);
    b.month = static_cast<std::uint32_t>(r.number("YM", 6));
    b.amount_fen = r.number("AMOUNT", 12);
    b.penalty_fen = r.number("PENALTY", 12);
    b.kwh = r.number("KWH", 10);
    a.bills.push_back(std::move(b));
  }
  return finish_body(r, std::move(a));
}

std::string encode_body(const OutageResponse& o) {
  FieldWriter w;
  w.text(o.cons_no, 16)
      .number(o.owe_total_fen, 12)
      .number(o.overdue_days, 4)
      .text(o.powered_off ? "01" : "02", 2)
      .number(o.notice_date, 8);
  return w.bytes();
}

std::variant<OutageResponse, std::string> decode_outage_response(std::string_view body) {
  FieldReader r(body);
  OutageResponse o;
  o.cons_no = r.text("CONS_NO", 16);
  o.owe_total_fen = r.number("OWE_TOTAL", 12);
  o.overdue_days = static_cast<std::uint32_t>(r.number("OVERDUE_DAYS", 4));
  o.powered_off = r.text("POWEROFF", 2) == "01";
  o.notice_date = static_cast<std::uint32_t>(r.number("NOTICE_DATE", 8));
  return finish_body(r, std::move(o));
}

}  // namespace mstation::sg186
