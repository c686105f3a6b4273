#include "os_user.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

#include "mstation/common/printable.hpp"

namespace mstation::cli {

std::string os_user() {
  const passwd* pw = getpwuid(geteuid());
  std::string user = pw != nullptr ? pw->pw_name : "uid " + std::to_string(geteuid());
  if (const char* sudo = std::getenv("SUDO_USER"); sudo != nullptr && user != sudo) {
    user += std::string(" (sudo by ") + sudo + ")";
  }
  return printable(user);
}

}  // namespace mstation::cli
