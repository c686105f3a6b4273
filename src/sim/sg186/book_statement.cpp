// The daily statement (对账文件, sg186-interface.md §5) generated from the
// book's own money entries, and 050/051 that hand it out.
#include <fmt/format.h>

#include <charconv>

#include "mstation/sg186/statement.hpp"
#include "mstation/sim/book.hpp"

namespace mstation::sim {

using namespace mstation::sg186;

namespace {

// "DZ_<AGENCY>_<YYYYMMDD>.txt" → (agency, date); nullopt for anything else.
std::optional<std::pair<std::string, YyyyMmDd>> parse_file_name(const std::string& name) {
  constexpr std::string_view prefix = "DZ_", suffix = ".txt";
  if (name.size() < prefix.size() + 1 + 1 + 8 + suffix.size()) return std::nullopt;
  if (name.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  if (name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) return std::nullopt;
  const std::string middle = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
  const auto bar = middle.rfind('_');
  if (bar == std::string::npos || middle.size() - bar - 1 != 8) return std::nullopt;
  YyyyMmDd date = 0;
  const auto digits = std::string_view(middle).substr(bar + 1);
  if (std::from_chars(digits.data(), digits.data() + digits.size(), date).ec != std::errc()) return std::nullopt;
  if (!is_valid_date(date)) return std::nullopt;
  return std::make_pair(middle.substr(0, bar), date);
}

}  // namespace

StatementFile Book::statement(const std::string& agency, YyyyMmDd date) const {
  StatementFile file;
  file.check_date = date;
  for (const auto& e : money_) {
    if (e.work_date != date || e.agency != agency) continue;
    file.lines.push_back({e.serial, e.charge_id, e.cons_no, e.txn_code, static_cast<std::uint64_t>(e.amount_fen),
                          e.work_date, e.txn_time, e.orig_serial, e.reversed ? '2' : '1'});
  }
  compute_totals(file);
  return file;
}

std::string Book::statement_text(const std::string& agency, YyyyMmDd date) const {
  return format_statement(statement(agency, date));  // ASCII only, so GBK as it stands
}

const std::string& Book::served_statement(const std::string& agency, YyyyMmDd date) const {
  if (served_.valid && served_.agency == agency && served_.date == date && served_.version == money_version_) {
    return served_.text;
  }
  if (const auto it = imported_.find({agency, date}); it != imported_.end()) {
    served_.text = it->second;
  } else {
    auto file = statement(agency, date);
    if (tweaks_.changes_file()) tweaks_.apply(file, data_.customers.empty() ? "" : data_.customers.front().cons_no);
    served_.text = format_statement(file);
  }
  served_.agency = agency;
  served_.date = date;
  served_.version = money_version_;
  served_.valid = true;
  return served_.text;
}

void Book::set_statement_tweaks(StatementTweaks tweaks) {
  tweaks_ = std::move(tweaks);
  ++money_version_;
}

void Book::import_statement(const std::string& agency, YyyyMmDd date, std::string text) {
  imported_[{agency, date}] = std::move(text);
  ++money_version_;
}

// A day's statement exists once the day is over (its WORK_DATE is past).
Answer Book::statement_summary(const Message& m) {
  const auto decoded = decode_statement_summary_request(m.body);
  if (is_bad(decoded)) return bad_packet(decoded);
  const auto date = std::get<StatementSummaryRequest>(decoded).check_date;
  if (!is_valid_date(date)) return decline(rsp::bad_packet, "对账日期无效");
  if (date >= today_ || tweaks_.not_ready) return decline(rsp::failure, "对账文件尚未生成");
  const auto& text = served_statement(m.header.agency, date);
  StatementFile header;
  StatementReader reader(text);
  if (!reader.read_header(header)) return decline(rsp::failure, "对账文件损坏");
  const StatementSummaryResponse out{date, header.total_count, header.total_amount_fen + (tweaks_.bad_totals ? 1 : 0),
                                     statement_file_name(m.header.agency, date), text.size()};
  return success(out);
}

Answer Book::statement_chunk(const Message& m) {
  const auto decoded = decode_statement_chunk_request(m.body);
  if (is_bad(decoded)) return bad_packet(decoded);
  const auto& r = std::get<StatementChunkRequest>(decoded);
  const auto named = parse_file_name(r.file_name);
  if (!named || named->first != m.header.agency || named->second >= today_) return decline(rsp::no_records);
  if (tweaks_.not_ready) return decline(rsp::failure, "对账文件尚未生成");
  const auto& text = served_statement(named->first, named->second);
  if (r.offset > text.size()) return decline(rsp::bad_packet, "OFFSET 超出文件长度");
  StatementChunkResponse out;
  out.offset = r.offset;
  out.data = text.substr(static_cast<std::size_t>(r.offset), r.length);
  out.eof = r.offset + out.data.size() >= text.size();
  return success(out);
}

}  // namespace mstation::sim
