#pragma once
// Passwords for `operator` and `user`: the first line of standard input, so
// that a password never appears in argv or shell history.
#include <string>

namespace mstation::cli {

// Throws UsageError if it has fewer than `min_length` characters.
std::string read_password(std::size_t min_length);

}  // namespace mstation::cli
