#include "mstation/txn/print_layout.hpp"

#include <fmt/format.h>

namespace mstation::txn {
namespace {

// The length of the UTF-8 sequence starting with `lead` (1 for a stray byte).
std::size_t sequence_length(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

// One character's columns: ASCII 1, anything else 2 (GBK's double-byte
// characters; a character outside GBK prints as '?' but we keep room for 2).
std::size_t character_columns(std::size_t utf8_length) { return utf8_length == 1 ? 1 : 2; }

}  // namespace

std::size_t print_columns(std::string_view utf8) {
  std::size_t columns = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto n = std::min(sequence_length(static_cast<unsigned char>(utf8[i])), utf8.size() - i);
    columns += character_columns(n);
    i += n;
  }
  return columns;
}

std::vector<std::string> wrap_columns(std::string_view utf8, std::size_t width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t used = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto n = std::min(sequence_length(static_cast<unsigned char>(utf8[i])), utf8.size() - i);
    const auto columns = character_columns(n);
    if (used + columns > width) {
      lines.push_back(std::move(line));
      line.clear();
      used = 0;
    }
    line.append(utf8.substr(i, n));
    used += columns;
    i += n;
  }
  if (!line.empty() || lines.empty()) lines.push_back(std::move(line));
  return lines;
}

std::string centred(std::string_view utf8, std::size_t width) {
  const auto text = wrap_columns(utf8, width).front();
  const auto pad = (width - print_columns(text)) / 2;
  return std::string(pad, ' ') + text;
}

std::vector<std::string> labelled(std::string_view label, std::string_view value, std::size_t width) {
  const std::string head = std::string(label) + ": ";
  const auto indent = print_columns(head);
  if (indent >= width / 2) return wrap_columns(head + std::string(value), width);
  std::vector<std::string> lines;
  for (const auto& part : wrap_columns(value, width - indent)) {
    lines.push_back((lines.empty() ? head : std::string(indent, ' ')) + part);
  }
  return lines;
}

std::string yuan(std::int64_t fen) {
  const auto magnitude = fen < 0 ? -static_cast<std::uint64_t>(fen) : static_cast<std::uint64_t>(fen);
  return fmt::format("{}{}.{:02}元", fen < 0 ? "-" : "", magnitude / 100, magnitude % 100);
}

}  // namespace mstation::txn
