#pragma once
// bytea in and out of libpqxx 6.4 (sent as binary parameters, never as text).
#include <pqxx/binarystring>
#include <pqxx/field>
#include <span>

#include "mstation/common/hex.hpp"

namespace mstation::store {

inline pqxx::binarystring as_bytea(std::span<const std::uint8_t> bytes) {
  return pqxx::binarystring(bytes.data(), bytes.size());
}

inline Bytes bytes_of(const pqxx::field& field) {
  const pqxx::binarystring b(field);
  return Bytes(b.data(), b.data() + b.size());
}

}  // namespace mstation::store
