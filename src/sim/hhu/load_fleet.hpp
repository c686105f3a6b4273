#pragma once
// The terminals, operators and customers a load runs with, read from the
// files `mstation terminal import` takes and writes.
#include <string>
#include <vector>

#include "load_options.hpp"
#include "mstation/hhu/terminal_client.hpp"

namespace mstation::hhu_sim {

struct LoadTerminal {
  hhu::TerminalClient client;
  std::string ip;
  std::string operator_id;
  std::string password;
};

struct Fleet {
  std::vector<LoadTerminal> terminals;
  std::vector<std::string> customers;
};

// Throws UsageError naming the file and line of the first problem.
Fleet load_fleet(const LoadOptions& o);

}  // namespace mstation::hhu_sim
