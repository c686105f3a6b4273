#pragma once
// Journal entries for one terminal exchange.
#include <optional>
#include <span>
#include <string>

#include "mstation/hhu/frame.hpp"
#include "mstation/journal/committer.hpp"
#include "mstation/journal/entry.hpp"
#include "mstation/txn/outcome.hpp"

namespace mstation::txn {

// An entry of this exchange, identified as far as the header could be read.
journal::Entry exchange_entry(const Exchange& exchange, const std::string& kind, const hhu::Header* header);

// Bytes that never became a request (bad LEN or MAGIC, timeout, early close):
// journaled all the same. Returns false if the journal could not be written.
bool journal_unanswered_bytes(journal::Committer& writes, const Exchange& exchange, std::span<const std::uint8_t> bytes,
                              const std::string& note);

}  // namespace mstation::txn
