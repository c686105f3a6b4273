#pragma once
// What may be journaled of a decrypted message: passwords, key material and
// a smart card's write data are replaced by "***" wherever they appear.
#include <nlohmann/json.hpp>

namespace mstation::txn {

nlohmann::json mask_secrets(nlohmann::json message);

}  // namespace mstation::txn
