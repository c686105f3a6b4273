#include "mstation/common/secret.hpp"

#include <openssl/crypto.h>

namespace mstation {

void cleanse(void* data, std::size_t size) { OPENSSL_cleanse(data, size); }

}  // namespace mstation
