#pragma once
// "a,b,,c" → {"a", "b", "", "c"}: every field between separators, empty ones
// included (CSV lines without quoting: fleet files, TMK files, --mix).
#include <string>
#include <string_view>
#include <vector>

namespace mstation {

std::vector<std::string> split(std::string_view text, char separator);

}  // namespace mstation
