#include "mstation/sg186/dunning.hpp"

#include "mstation/sg186/body_reader.hpp"

namespace mstation::sg186 {

std::string encode_body(const DunningTasksResponse& r) {
  FieldWriter w;
  w.number(r.total, 6).number(r.pages, 4);
  for (const auto& t : r.tasks) {
    w.text(t.cons_no, 16).text(t.cons_name, 60).text(t.address, 120).number(t.owe_total_fen, 12).number(
        t.overdue_days, 4);
  }
  return w.bytes();
}

std::variant<DunningTasksResponse, std::string> decode_dunning_tasks_response(std::string_view body,
                                                                              unsigned record_num) {
  FieldReader r(body);
  DunningTasksResponse v;
  v.total = static_cast<std::uint32_t>(r.number("TOTAL", 6));
  v.pages = static_cast<std::uint32_t>(r.number("PAGES", 4));
  for (unsigned i = 0; i < record_num && r.ok(); ++i) {
    DunningTask t;
    t.cons_no = r.text("CONS_NO", 16);
    t.cons_name = r.text("CONS_NAME", 60);
    t.address = r.text("ADDRESS", 120);
    t.owe_total_fen = r.number("OWE_TOTAL", 12);
    t.overdue_days = static_cast<std::uint32_t>(r.number("OVERDUE_DAYS", 4));
    v.tasks.push_back(std::move(t));
  }
  return finish_body(r, std::move(v));
}

std::string encode_body(const NoticeServedRequest& r) {
  FieldWriter w;
  w.text(r.cons_no, 16).text(r.notice_no, 20).number(r.served_date, 8);
  return w.bytes();
}

std::variant<NoticeServedRequest, std::string> decode_notice_served_request(std::string_view body) {
  FieldReader r(body);
  NoticeServedRequest v;
  v.cons_no = r.text("CONS_NO", 16);
  v.notice_no = r.text("NOTICE_NO", 20);
  v.served_date = static_cast<std::uint32_t>(r.number("SERVED_DATE", 8));
  return finish_body(r, std::move(v));
}

std::string encode_body(const NoticeServedResponse& r) {
  FieldWriter w;
  w.text(r.notice_no, 20);
  return w.bytes();
}

std::variant<NoticeServedResponse, std::string> decode_notice_served_response(std::string_view body) {
  FieldReader r(body);
  NoticeServedResponse v;
  v.notice_no = r.text("NOTICE_NO", 20);
  return finish_body(r, std::move(v));
}

}  // namespace mstation::sg186
