#include "mstation/sg186/header.hpp"

#include <fmt/format.h>

#include "mstation/sg186/fields.hpp"

namespace mstation::sg186 {

std::string encode_message(const Header& h, std::string_view body) {
  FieldWriter w;
  w.number(h.txn_code, 3)
      .text(h.agency, 12)
      .text(h.node, 12)
      .text(h.operator_id, 8)
      .text(h.serial, 20)
      .number(h.work_date, 8)
      .number(h.txn_time, 14)
      .text(h.rsp_code, 4)
      .text(h.rsp_msg, 60)
      .number(h.record_num, 4)
      .raw(body);
  return fmt::format("{:010}", w.bytes().size()) + w.bytes();
}

std::variant<Message, std::string> decode_message(std::string_view bytes) {
  FieldReader r(bytes);
  const auto len = r.number("LEN", len_digits);
  if (!r.ok()) return *r.problem();
  if (len < header_size || len > max_frame_len) return fmt::format("LEN {} outside {}..{}", len, header_size, max_frame_len);
  if (r.remaining() != len) return fmt::format("LEN {} but {} bytes follow", len, r.remaining());
  Message m;
  Header& h = m.header;
  h.txn_code = static_cast<unsigned>(r.number("TXN_CODE", 3));
  h.agency = r.text("AGENCY", 12);
  h.node = r.text("NODE", 12);
  h.operator_id = r.text("OPERATOR", 8);
  h.serial = r.text("SERIAL", 20);
  h.work_date = static_cast<std::uint32_t>(r.number("WORK_DATE", 8));
  h.txn_time = r.number("TXN_TIME", 14);
  h.rsp_code = r.text("RSP_CODE", 4);
  h.rsp_msg = r.text("RSP_MSG", 60);
  h.record_num = static_cast<unsigned>(r.number("RECORD_NUM", 4));
  if (!r.ok()) return *r.problem();
  m.body = std::string(r.raw("BODY", r.remaining()));
  return m;
}

}  // namespace mstation::sg186
