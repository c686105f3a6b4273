#pragma once
// hhu-sim's command line help, and the error that sends a user back to it.
#include <stdexcept>

namespace mstation::hhu_sim {

// A bad command line: main prints the problem and the usage, and exits 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

extern const char* const usage_text;

}  // namespace mstation::hhu_sim
