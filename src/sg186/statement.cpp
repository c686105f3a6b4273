#include "mstation/sg186/statement.hpp"

#include <fmt/format.h>

#include "mstation/sg186/body_reader.hpp"

namespace mstation::sg186 {

std::string encode_body(const StatementSummaryRequest& r) {
  FieldWriter w;
  w.number(r.check_date, 8);
  return w.bytes();
}

std::variant<StatementSummaryRequest, std::string> decode_statement_summary_request(std::string_view body) {
  FieldReader r(body);
  StatementSummaryRequest v;
  v.check_date = static_cast<std::uint32_t>(r.number("CHECK_DATE", 8));
  return finish_body(r, std::move(v));
}

std::string encode_body(const StatementSummaryResponse& r) {
  FieldWriter w;
  w.number(r.check_date, 8)
      .number(r.total_count, 8)
      .number(r.total_amount_fen, 14)
      .text(r.file_name, 60)
      .number(r.file_size, 10);
  return w.bytes();
}

std::variant<StatementSummaryResponse, std::string> decode_statement_summary_response(std::string_view body) {
  FieldReader r(body);
  StatementSummaryResponse v;
  v.check_date = static_cast<std::uint32_t>(r.number("CHECK_DATE", 8));
  v.total_count = r.number("TOTAL_COUNT", 8);
  v.total_amount_fen = r.number("TOTAL_AMOUNT", 14);
  v.file_name = r.text("FILE_NAME", 60);
  v.file_size = r.number("FILE_SIZE", 10);
  return finish_body(r, std::move(v));
}

std::string encode_body(const StatementChunkRequest& r) {
  FieldWriter w;
  w.text(r.file_name, 60).number(r.offset, 10).number(r.length, 6);
  return w.bytes();
}

std::variant<StatementChunkRequest, std::string> decode_statement_chunk_request(std::string_view body) {
  FieldReader r(body);
  StatementChunkRequest v;
  v.file_name = r.text("FILE_NAME", 60);
  v.offset = r.number("OFFSET", 10);
  v.length = static_cast<std::uint32_t>(r.number("LENGTH", 6));
  if (r.ok() && v.length > max_chunk_length) {
    return fmt::format("LENGTH {} above {}", v.length, max_chunk_length);
  }
  return finish_body(r, std::move(v));
}

std::string encode_body(const StatementChunkResponse& r) {
  FieldWriter w;
  w.number(r.offset, 10).number(r.data.size(), 6).text(r.eof ? "1" : "0", 1).raw(r.data);
  return w.bytes();
}

std::variant<StatementChunkResponse, std::string> decode_statement_chunk_response(std::string_view body) {
  FieldReader r(body);
  StatementChunkResponse v;
  v.offset = r.number("OFFSET", 10);
  const auto length = r.number("LENGTH", 6);
  v.eof = r.text("EOF", 1) == "1";
  if (r.ok() && length > max_chunk_length) return fmt::format("LENGTH {} above {}", length, max_chunk_length);
  v.data = std::string(r.raw("DATA", r.ok() ? length : 0));
  return finish_body(r, std::move(v));
}

std::string encode_body(const SignInResponse& r) {
  FieldWriter w;
  w.number(r.work_date, 8);
  return w.bytes();
}

std::variant<SignInResponse, std::string> decode_sign_in_response(std::string_view body) {
  FieldReader r(body);
  SignInResponse v;
  v.work_date = static_cast<std::uint32_t>(r.number("WORK_DATE", 8));
  return finish_body(r, std::move(v));
}

}  // namespace mstation::sg186
