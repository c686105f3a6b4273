#pragma once
// hhu-sim run: the steps of the command line, in order, one transaction each.
#include "options.hpp"

namespace mstation::hhu_sim {

// 0 if every step answered 00, else 1. Every step is checked (UsageError)
// before the first is sent.
int run_steps(const Options& options);

}  // namespace mstation::hhu_sim
