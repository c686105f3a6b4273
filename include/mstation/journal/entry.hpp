#pragma once
// One row of the journal as the code builds it; the writer adds the chain
// position, time and hashes.
#include <cstdint>
#include <optional>
#include <string>

#include "mstation/common/hex.hpp"
#include "mstation/common/printable.hpp"

namespace mstation::journal {

struct Entry {
  std::string kind;  // hhu_request_raw, hhu_request, hhu_response, hhu_response_raw, ...
  std::optional<std::int64_t> exchange_id;
  std::optional<std::string> peer;
  std::optional<std::string> tid;
  std::optional<std::int64_t> seq;
  std::optional<std::string> txn;
  std::optional<std::string> code;
  std::optional<Bytes> raw;
  std::optional<std::string> decoded;  // JSON text, secrets already masked
  std::optional<std::string> note;
};

// Text safe to store in a text column: printable ASCII kept, anything else as \xNN.
using mstation::printable;

}  // namespace mstation::journal
