#pragma once
// The values of a step as typed after its '=': colon-separated fields,
// checked before anything is sent (a typo must not cost a SEQ, or money).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mstation::hhu_sim {

// "a:b:c" → {"a", "b", "c"}. At most `max_fields`: the last one keeps any
// further colons (a free-text note may contain them).
std::vector<std::string> split_fields(std::string_view text, std::size_t max_fields);

// A non-negative decimal integer of at most 18 digits; UsageError naming `what` otherwise.
std::int64_t number_field(std::string_view text, const std::string& what);
// A non-empty field: UsageError naming `what` otherwise.
std::string text_field(std::string_view text, const std::string& what);
// YYYY-MM-DD with plausible month and day: UsageError naming `what` otherwise.
std::string date_field(std::string_view text, const std::string& what);

}  // namespace mstation::hhu_sim
