#pragma once
// A run step as typed ("pay=5100000007:12345") → the request it sends.
#include <string>
#include <string_view>

#include "requests.hpp"

namespace mstation::hhu_sim {

// Throws UsageError naming the step and its syntax. Two things are left for
// the moment the step runs: sign-on's password (standard input) and settle's
// body (today's money transactions from the state file).
Step parse_step(std::string_view word, const std::string& operator_id);

}  // namespace mstation::hhu_sim
