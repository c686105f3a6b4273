#include "printout.hpp"

#include <algorithm>

#include "mstation/sg186/gbk.hpp"

namespace mstation::hhu_sim {
namespace {

std::size_t utf8_sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;  // a stray continuation byte: counts as one '?'
}

// Character by character, so one character GBK lacks costs one column, not the line.
std::size_t width_by_character(std::string_view utf8) {
  std::size_t columns = 0;
  while (!utf8.empty()) {
    const auto length = std::min(utf8_sequence_length(static_cast<unsigned char>(utf8.front())), utf8.size());
    const auto gbk = sg186::utf8_to_gbk(utf8.substr(0, length));
    columns += gbk ? gbk->size() : 1;
    utf8.remove_prefix(length);
  }
  return columns;
}

std::string text_of(const nlohmann::json& line) { return line.is_string() ? line.get<std::string>() : line.dump(); }

}  // namespace

std::size_t print_width(std::string_view utf8) {
  if (const auto gbk = sg186::utf8_to_gbk(utf8)) return gbk->size();
  return width_by_character(utf8);
}

std::string printout(const nlohmann::json& lines) {
  const std::string edge = "+" + std::string(printer_columns, '-') + "+\n";
  std::string out = edge;
  for (const auto& entry : lines.is_array() ? lines : nlohmann::json::array({lines})) {
    const std::string text = text_of(entry);
    const auto width = print_width(text);
    if (width <= printer_columns) {
      out += "|" + text + std::string(printer_columns - width, ' ') + "|\n";
    } else {
      out += "|" + text + "  <- " + std::to_string(width) + " columns, the paper has " +
             std::to_string(printer_columns) + "\n";
    }
  }
  return out + edge;
}

bool fits_printer(const nlohmann::json& lines) {
  if (!lines.is_array()) return false;
  for (const auto& line : lines) {
    if (!line.is_string() || print_width(line.get<std::string>()) > printer_columns) return false;
  }
  return true;
}

}  // namespace mstation::hhu_sim
