#pragma once
// Laying out text for the handheld's 58 mm thermal printer: 32 columns, text
// encoded in GBK, where a Chinese character takes two columns and an ASCII
// one (hhu-protocol.md §5: lines of at most 32 GBK bytes).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mstation::txn {

constexpr std::size_t printer_columns = 32;

// Columns (= GBK bytes) `utf8` takes on the printer; a character GBK lacks prints as '?'.
std::size_t print_columns(std::string_view utf8);
// `utf8` cut into lines of at most `width` columns, never inside a character.
std::vector<std::string> wrap_columns(std::string_view utf8, std::size_t width = printer_columns);
// `utf8` centred in `width` columns (cut if longer).
std::string centred(std::string_view utf8, std::size_t width = printer_columns);
// "label: value", the value wrapped under itself when long.
std::vector<std::string> labelled(std::string_view label, std::string_view value, std::size_t width = printer_columns);
// 12445 → "124.45元"; -500 → "-5.00元".
std::string yuan(std::int64_t fen);

}  // namespace mstation::txn
