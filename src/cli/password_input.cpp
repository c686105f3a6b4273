#include "password_input.hpp"

#include <fmt/format.h>

#include <iostream>

#include "command.hpp"

namespace mstation::cli {

std::string read_password(std::size_t min_length) {
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (password.size() < min_length) {
    throw UsageError(fmt::format("the password (first line of standard input) must have at least {} characters",
                                 min_length));
  }
  return password;
}

}  // namespace mstation::cli
