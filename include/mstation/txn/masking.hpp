#pragma once
// What may be journaled of a decrypted message: passwords and key material
// are replaced by "***" wherever they appear.
#include <nlohmann/json.hpp>

namespace mstation::txn {

nlohmann::json mask_secrets(nlohmann::json message);

}  // namespace mstation::txn
