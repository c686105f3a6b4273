#include "mstation/sg186/reading.hpp"

#include "mstation/sg186/body_reader.hpp"

namespace mstation::sg186 {

std::string encode_body(const SectionPageRequest& r) {
  FieldWriter w;
  w.text(r.sect_no, 16).number(r.page, 4).number(r.page_size, 4);
  return w.bytes();
}

std::variant<SectionPageRequest, std::string> decode_section_page_request(std::string_view body) {
  FieldReader r(body);
  SectionPageRequest v;
  v.sect_no = r.text("SECT_NO", 16);
  v.page = static_cast<std::uint32_t>(r.number("PAGE", 4));
  v.page_size = static_cast<std::uint32_t>(r.number("PAGE_SIZE", 4));
  return finish_body(r, std::move(v));
}

std::string encode_body(const ReadingTasksResponse& r) {
  FieldWriter w;
  w.number(r.total, 6).number(r.pages, 4);
  for (const auto& t : r.tasks) {
    w.text(t.cons_no, 16)
        .text(t.cons_name, 60)
        .text(t.address, 120)
        .text(t.meter_no, 24)
        .number(t.t_factor, 6)
        .number(t.last_read, 12)
        .number(t.last_date, 8)
        .number(t.digits, 2)
        .text(t.tariff, 8);
  }
  return w.bytes();
}

std::variant<ReadingTasksResponse, std::string> decode_reading_tasks_response(std::string_view body,
                                                                              unsigned record_num) {
  FieldReader r(body);
  ReadingTasksResponse v;
  v.total = static_cast<std::uint32_t>(r.number("TOTAL", 6));
  v.pages = static_cast<std::uint32_t>(r.number("PAGES", 4));
  for (unsigned i = 0; i < record_num && r.ok(); ++i) {
    ReadingTask t;
    t.cons_no = r.text("CONS_NO", 16);
    t.cons_name = r.text("CONS_NAME", 60);
    t.address = r.text("ADDRESS", 120);
    t.meter_no = r.text("METER_NO", 24);
    t.t_factor = static_cast<std::uint32_t>(r.number("T_FACTOR", 6));
    t.last_read = r.number("LAST_READ", 12);
    t.last_date = static_cast<std::uint32_t>(r.number("LAST_DATE", 8));
    t.digits = static_cast<std::uint32_t>(r.number("DIGITS", 2));
    t.tariff = r.text("TARIFF", 8);
    v.tasks.push_back(std::move(t));
  }
  return finish_body(r, std::move(v));
}

std::string encode_body(const ReadingUploadRequest& r) {
  FieldWriter w;
  w.text(r.sect_no, 16);
  for (const auto& x : r.readings) {
    w.text(x.cons_no, 16).text(x.meter_no, 24).number(x.this_read, 12).number(x.read_date, 8).text(x.status, 1).text(
        x.anomaly, 2);
  }
  return w.bytes();
}

std::variant<ReadingUploadRequest, std::string> decode_reading_upload_request(std::string_view body,
                                                                              unsigned record_num) {
  FieldReader r(body);
  ReadingUploadRequest v;
  v.sect_no = r.text("SECT_NO", 16);
  for (unsigned i = 0; i < record_num && r.ok(); ++i) {
    Reading x;
    x.cons_no = r.text("CONS_NO", 16);
    x.meter_no = r.text("METER_NO", 24);
    x.this_read = r.number("THIS_READ", 12);
    x.read_date = static_cast<std::uint32_t>(r.number("READ_DATE", 8));
    x.status = r.text("STATUS", 1);
    x.anomaly = r.text("ANOMALY", 2);
    v.readings.push_back(std::move(x));
  }
  return finish_body(r, std::move(v));
}

std::string encode_body(const ReadingUploadResponse& r) {
  FieldWriter w;
  w.number(r.accepted, 4);
  for (const auto& x : r.rejected) w.text(x.meter_no, 24).text(x.err_code, 4).text(x.err_msg, 60);
  return w.bytes();
}

std::variant<ReadingUploadResponse, std::string> decode_reading_upload_response(std::string_view body,
                                                                                unsigned record_num) {
  FieldReader r(body);
  ReadingUploadResponse v;
  v.accepted = static_cast<std::uint32_t>(r.number("ACCEPTED", 4));
  for (unsigned i = 0; i < record_num && r.ok(); ++i) {
    RejectedReading x;
    x.meter_no = r.text("METER_NO", 24);
    x.err_code = r.text("ERR_CODE", 4);
    x.err_msg = r.text("ERR_MSG", 60);
    v.rejected.push_back(std::move(x));
  }
  return finish_body(r, std::move(v));
}

std::string encode_body(const AnomalyRequest& r) {
  FieldWriter w;
  w.text(r.cons_no, 16).text(r.meter_no, 24).text(r.anomaly, 2).text(r.note, 100);
  return w.bytes();
}

std::variant<AnomalyRequest, std::string> decode_anomaly_request(std::string_view body) {
  FieldReader r(body);
  AnomalyRequest v;
  v.cons_no = r.text("CONS_NO", 16);
  v.meter_no = r.text("METER_NO", 24);
  v.anomaly = r.text("ANOMALY", 2);
  v.note = r.text("NOTE", 100);
  return finish_body(r, std::move(v));
}

std::string encode_body(const AnomalyResponse& r) {
  FieldWriter w;
  w.text(r.anomaly_id, 20);
  return w.bytes();
}

std::variant<AnomalyResponse, std::string> decode_anomaly_response(std::string_view body) {
  FieldReader r(body);
  AnomalyResponse v;
  v.anomaly_id = r.text("ANOMALY_ID", 20);
  return finish_body(r, std::move(v));
}

}  // namespace mstation::sg186
