#pragma once
// hhu-sim's command line: which command, which terminal, which server.
#include <cstdint>
#include <string>
#include <vector>

namespace mstation::hhu_sim {

enum class Command { help, run, day };

struct Options {
  Command command = Command::help;
  std::string server_host = "127.0.0.1";
  std::uint16_t server_port = 9000;
  std::string bind = "127.0.0.2";
  std::string tid;
  std::string tmk_file;
  std::string state_file;
  std::string operator_id;
  std::string segment;             // day only
  std::vector<std::string> steps;  // run only, as typed
};

// Throws UsageError naming the first problem.
Options parse_options(const std::vector<std::string>& args);

}  // namespace mstation::hhu_sim
