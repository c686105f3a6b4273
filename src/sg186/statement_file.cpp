#include "mstation/sg186/statement_file.hpp"

#include <fmt/format.h>

#include <charconv>
#include <optional>

namespace mstation::sg186 {
namespace {

// "a|b|c|" -> {a, b, c}; nullopt if the line does not end with '|'.
std::optional<std::vector<std::string_view>> split_fields(std::string_view line) {
  if (line.empty() || line.back() != '|') return std::nullopt;
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  for (std::size_t bar = line.find('|'); bar != std::string_view::npos; bar = line.find('|', start)) {
    fields.push_back(line.substr(start, bar - start));
    start = bar + 1;
  }
  return fields;
}

template <typename T>
bool parse_digits(std::string_view text, std::size_t max_digits, T& out) {
  if (text.empty() || text.size() > max_digits) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return std::from_chars(text.data(), text.data() + text.size(), out).ec == std::errc();
}

std::optional<std::string> parse_header(std::string_view line, StatementFile& file) {
  const auto f = split_fields(line);
  if (!f || f->size() != 4) return "header: expected CHECK_DATE|TOTAL_COUNT|TOTAL_AMOUNT|BATCH_NO|";
  if (!parse_digits((*f)[0], 8, file.check_date)) return "CHECK_DATE is not a date";
  if (!parse_digits((*f)[1], 8, file.total_count)) return "TOTAL_COUNT is not a number";
  if (!parse_digits((*f)[2], 14, file.total_amount_fen)) return "TOTAL_AMOUNT is not a number";
  if (!parse_digits((*f)[3], 4, file.batch_no)) return "BATCH_NO is not a number";
  return std::nullopt;
}

std::optional<std::string> parse_line(std::string_view line, StatementLine& out) {
  const auto f = split_fields(line);
  if (!f || f->size() != 9) return "expected 9 '|'-terminated fields";
  out.serial = (*f)[0];
  out.charge_id = (*f)[1];
  out.cons_no = (*f)[2];
  if (out.serial.empty()) return "SERIAL is empty";
  if (!parse_digits((*f)[3], 3, out.txn_code)) return "TXN_CODE is not a number";
  if (!parse_digits((*f)[4], 14, out.amount_fen)) return "AMOUNT is not a number";
  if (!parse_digits((*f)[5], 8, out.txn_date)) return "TXN_DATE is not a date";
  if ((*f)[6].size() != 6 || !parse_digits((*f)[6], 6, out.txn_time)) return "TXN_TIME is not hhmmss";
  out.orig_serial = (*f)[7];
  if ((*f)[8] != "1" && (*f)[8] != "2") return "STATUS is neither 1 nor 2";
  out.status = (*f)[8][0];
  return std::nullopt;
}

}  // namespace

std::string statement_file_name(std::string_view agency, std::uint32_t check_date) {
  return fmt::format("DZ_{}_{:08}.txt", agency, check_date);
}

void compute_totals(StatementFile& file) {
  file.total_count = 0;
  file.total_amount_fen = 0;
  for (const auto& line : file.lines) {
    if (line.status != '1' || line.txn_code == 12) continue;
    ++file.total_count;
    file.total_amount_fen += line.amount_fen;
  }
}

std::string format_statement(const StatementFile& file) {
  std::string out = fmt::format("{:08}|{}|{}|{:04}|\n", file.check_date, file.total_count, file.total_amount_fen,
                                file.batch_no);
  for (const auto& l : file.lines) {
    out += fmt::format("{}|{}|{}|{:03}|{}|{:08}|{:06}|{}|{}|\n", l.serial, l.charge_id, l.cons_no, l.txn_code,
                       l.amount_fen, l.txn_date, l.txn_time, l.orig_serial, l.status);
  }
  return out;
}

bool StatementReader::take_line(std::string_view& line) {
  if (rest_.empty()) return false;
  const auto end = rest_.find('\n');
  ++line_no_;
  if (end == std::string_view::npos) {
    problem_ = fmt::format("line {}: no line end", line_no_);
    return false;
  }
  line = rest_.substr(0, end);
  rest_.remove_prefix(end + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // tolerate CRLF
  return true;
}

bool StatementReader::read_header(StatementFile& file) {
  std::string_view line;
  if (!take_line(line)) {
    if (problem_.empty()) problem_ = "empty file";
    return false;
  }
  if (auto problem = parse_header(line, file)) {
    problem_ = fmt::format("line 1: {}", *problem);
    return false;
  }
  return true;
}

StatementReader::Next StatementReader::next(StatementLine& out) {
  std::string_view line;
  while (take_line(line)) {
    if (line.empty()) continue;
    if (auto problem = parse_line(line, out)) {
      problem_ = fmt::format("line {}: {}", line_no_, *problem);
      return Next::bad;
    }
    return Next::line;
  }
  return problem_.empty() ? Next::end : Next::bad;
}

std::variant<StatementFile, std::string> parse_statement(std::string_view text) {
  StatementReader reader(text);
  StatementFile file;
  if (!reader.read_header(file)) return reader.problem();
  StatementLine line;
  for (auto next = reader.next(line); next != StatementReader::Next::end; next = reader.next(line)) {
    if (next == StatementReader::Next::bad) return reader.problem();
    file.lines.push_back(line);
  }
  return file;
}

}  // namespace mstation::sg186
