#pragma once
// Receipts and dunning notices as they come off the handheld's 58 mm thermal
// printer: 32 columns of GBK, where a Chinese character takes two.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace mstation::hhu_sim {

inline constexpr std::size_t printer_columns = 32;

// Columns `utf8` takes on the printer (= its GBK bytes; a character GBK
// lacks would print as one '?').
std::size_t print_width(std::string_view utf8);

// The paper inside a box of dashes, one line per entry of `lines`. A line
// wider than the paper (the server must never send one) sticks out of the box
// with its width noted.
std::string printout(const nlohmann::json& lines);

// True if `lines` is an array of strings each fitting the paper.
bool fits_printer(const nlohmann::json& lines);

}  // namespace mstation::hhu_sim
