#pragma once
// Ends a body decode: the value, or the first problem, or "N bytes after the
// last field" when the body is longer than its fields.
#include <fmt/format.h>

#include <string>
#include <variant>

#include "mstation/sg186/fields.hpp"

namespace mstation::sg186 {

template <typename T>
std::variant<T, std::string> finish_body(const FieldReader& r, T value) {
  if (!r.ok()) return *r.problem();
  if (r.remaining() != 0) return fmt::format("{} bytes after the last field", r.remaining());
  return value;
}

}  // namespace mstation::sg186
