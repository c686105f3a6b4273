#include "step_arguments.hpp"

#include <algorithm>

#include "usage.hpp"

namespace mstation::hhu_sim {
namespace {

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int two_digits(std::string_view text, std::size_t at) { return (text[at] - '0') * 10 + (text[at + 1] - '0'); }

}  // namespace

std::vector<std::string> split_fields(std::string_view text, std::size_t max_fields) {
  std::vector<std::string> fields;
  while (fields.size() + 1 < max_fields) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos) break;
    fields.emplace_back(text.substr(0, colon));
    text.remove_prefix(colon + 1);
  }
  fields.emplace_back(text);
  return fields;
}

std::int64_t number_field(std::string_view text, const std::string& what) {
  // 18 digits cannot overflow int64, and no amount or reading comes near it.
  if (!all_digits(text) || text.size() > 18)
    throw UsageError(what + " must be a whole number, not '" + std::string(text) + "'");
  std::int64_t value = 0;
  for (const char c : text) value = value * 10 + (c - '0');
  return value;
}

std::string text_field(std::string_view text, const std::string& what) {
  if (text.empty()) throw UsageError(what + " is empty");
  return std::string(text);
}

std::string date_field(std::string_view text, const std::string& what) {
  const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-' && all_digits(text.substr(0, 4)) &&
                      all_digits(text.substr(5, 2)) && all_digits(text.substr(8, 2));
  if (!shaped || two_digits(text, 5) < 1 || two_digits(text, 5) > 12 || two_digits(text, 8) < 1 ||
      two_digits(text, 8) > 31) {
    throw UsageError(what + " must be YYYY-MM-DD, not '" + std::string(text) + "'");
  }
  return std::string(text);
}

}  // namespace mstation::hhu_sim
