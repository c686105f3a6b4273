#include "day_command.hpp"

#include <iostream>

#include "day_script.hpp"

namespace mstation::hhu_sim {

int run_day(const Options& options) {
  std::string password;
  std::getline(std::cin, password);
  Session session(options, load_state(options));
  return DayScript(session, options, std::move(password)).run();
}

}  // namespace mstation::hhu_sim
