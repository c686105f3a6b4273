#pragma once
// Runs a program to completion with a watchdog and captures what it printed.
#include <chrono>
#include <string>
#include <vector>

#include "support/paths.hpp"

namespace mstation::test {

struct ProcessResult {
  int exit_code = -1;  // -1 if killed by a signal or by the watchdog
  bool timed_out = false;
  std::string out;
  std::string err;
};

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& stdin_text = "",
                          std::chrono::seconds watchdog = std::chrono::seconds(60));

}  // namespace mstation::test
