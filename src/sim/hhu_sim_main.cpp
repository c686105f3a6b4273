// hhu-sim: a handheld terminal (抄收催一体机) on the command line, speaking
// HHU/1 from hhu-protocol.md through the same codec the tests use.
//
//   hhu-sim run --server 127.0.0.1:9000 --bind 127.0.0.2 --tid 51010001
//       --tmk-file 51010001.tmk [--state FILE] [--operator 0042] STEP...
//   hhu-sim day --server ... --bind ... --tid ... --tmk-file ... --operator 0042
//       --segment S0001 [--state FILE]
//
//   hhu-sim load --server ... --fleet FLEET.csv --tmk-file TMKS ... (load_options.hpp)
//
// run sends one transaction per STEP (hhu/usage.cpp lists them); day plays an
// electrician's scripted working day. The parts live in src/sim/hhu/.
//
// Exit status: 0 as expected, 1 a transaction did not succeed, 2 bad command line.
#include <iostream>
#include <string>
#include <vector>

#include "hhu/day_command.hpp"
#include "hhu/load_command.hpp"
#include "hhu/load_options.hpp"
#include "hhu/options.hpp"
#include "hhu/run_command.hpp"
#include "hhu/usage.hpp"

int main(int argc, char** argv) {
  using namespace mstation::hhu_sim;
  if (argc > 1 && std::string(argv[1]) == "load") {
    try {
      return run_load(std::vector<std::string>(argv + 2, argv + argc));
    } catch (const UsageError& e) {
      std::cerr << "hhu-sim load: " << e.what() << "\n" << load_usage_text;
      return 2;
    } catch (const std::exception& e) {
      std::cerr << "hhu-sim load: " << e.what() << "\n";
      return 1;
    }
  }
  try {
    const Options options = parse_options(std::vector<std::string>(argv + 1, argv + argc));
    switch (options.command) {
      case Command::help:
        std::cerr << usage_text;
        return 0;
      case Command::run:
        return run_steps(options);
      case Command::day:
        return run_day(options);
    }
    return 2;
  } catch (const UsageError& e) {
    std::cerr << "hhu-sim: " << e.what() << "\n" << usage_text;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "hhu-sim: " << e.what() << "\n";
    return 1;
  }
}
