#include "mstation/store/prepared.hpp"

#include <cstdio>

#include "mstation/common/fnv1a.hpp"

namespace mstation::store {

std::string statement_name(std::string_view sql) {
  char name[24];
  std::snprintf(name, sizeof name, "ms_%016llx", static_cast<unsigned long long>(fnv1a64(sql)));
  return name;
}

}  // namespace mstation::store
