#include <iostream>

#include <openssl/crypto.h>
#include <pqxx/version.hxx>

#include <boost/version.hpp>

#include "command.hpp"

namespace mstation::cli {

Command version_command() {
  return {{"version", "version", "print the version of mstation and of the libraries it was built with", {}, 0},
          [](const Arguments&) {
            std::cout << "mstation " << MSTATION_VERSION << "\n"
                      << "  boost " << BOOST_LIB_VERSION << ", libpqxx " << PQXX_VERSION << ", "
                      << OpenSSL_version(OPENSSL_VERSION) << "\n";
            return int{exit_ok};
          }};
}

}  // namespace mstation::cli
