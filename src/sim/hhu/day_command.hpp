#pragma once
// hhu-sim day: the password from standard input, then the scripted day.
#include "options.hpp"

namespace mstation::hhu_sim {

int run_day(const Options& options);

}  // namespace mstation::hhu_sim
