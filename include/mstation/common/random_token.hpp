#pragma once
// Unguessable tokens (session cookies, CSRF tokens) from OpenSSL's private
// random generator, as lowercase hex.
#include <cstddef>
#include <string>

namespace mstation {

// `bytes` random bytes as 2 × bytes hex digits. Throws if the generator fails.
std::string random_token_hex(std::size_t bytes);

}  // namespace mstation
