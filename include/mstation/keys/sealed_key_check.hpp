#pragma once
// `mstation keys verify`: opens every sealed key in the database with the KEK
// files on disk, so ops know before a sign-on fails that a KEK is missing.
#include <string>
#include <vector>

#include "mstation/keys/kek.hpp"

namespace mstation::keys {

struct SealedKeyCheck {
  int opened = 0;
  std::vector<std::string> failures;  // e.g. "tmk:51010001: sealed under KEK 1A2B..., which is not loaded"
};

SealedKeyCheck check_sealed_keys(const KekRing& ring, const std::string& conninfo);

}  // namespace mstation::keys
