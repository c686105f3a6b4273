#pragma once
// The daily statement file (对账文件, sg186-interface.md §5): GBK text, '\n'
// line ends, '|'-terminated fields. A header line, then one line per money
// transaction (011, 012, 013, 040) of the CHECK_DATE.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace mstation::sg186 {

struct StatementLine {
  std::string serial;
  std::string charge_id;
  std::string cons_no;
  unsigned txn_code = 0;
  std::uint64_t amount_fen = 0;  // unsigned: a 012 line carries the reversed amount
  std::uint32_t txn_date = 0;    // YYYYMMDD
  std::uint32_t txn_time = 0;    // hhmmss
  std::string orig_serial;       // only on 012 lines
  char status = '1';             // '1' normal, '2' reversed by a 012
};

struct StatementFile {
  std::uint32_t check_date = 0;
  std::uint64_t total_count = 0;       // STATUS 1 lines other than 012
  std::uint64_t total_amount_fen = 0;  // their amounts
  unsigned batch_no = 1;               // N(4)
  std::vector<StatementLine> lines;
};

std::string statement_file_name(std::string_view agency, std::uint32_t check_date);
// Totals computed from the lines, as §5 defines them.
void compute_totals(StatementFile& file);
std::string format_statement(const StatementFile& file);
// The file, or "line N: what is wrong". The totals are read as written, not
// recomputed: comparing them with the lines is the reader's business.
std::variant<StatementFile, std::string> parse_statement(std::string_view text);

// The same, one line at a time, for a file too large to hold twice: the
// reader keeps a view of `text` and never copies it.
class StatementReader {
 public:
  explicit StatementReader(std::string_view text) : rest_(text) {}
  // Line 1 into `file` (its lines left empty); false with problem() set if bad.
  bool read_header(StatementFile& file);
  enum class Next { line, end, bad };
  // The next money line (blank lines skipped).
  Next next(StatementLine& out);
  // "line N: what is wrong", once read_header or next said so.
  const std::string& problem() const { return problem_; }

 private:
  // The next line without its '\n' (a '\r' before it dropped); false at the end or when unterminated.
  bool take_line(std::string_view& line);

  std::string_view rest_;
  std::size_t line_no_ = 0;
  std::string problem_;
};

}  // namespace mstation::sg186
