#pragma once
// Recomputes a journal chain from the stored columns, streamed through a
// cursor (constant memory, whatever the chain's length), and names the first
// row that does not follow: a changed row (its row_hash is not its content's),
// a deleted one (a position missing), an inserted one (a position twice),
// one moved or rewritten (its prev_hash is not the previous row's row_hash).
// The core of `mstation audit verify`; the caller's transaction should be
// REPEATABLE READ so the whole chain is read from one snapshot.
#include <cstdint>
#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "mstation/journal/chain.hpp"

namespace mstation::journal {

struct ChainCheck {
  std::string chain;
  std::int64_t rows = 0;                     // rows verified
  std::optional<std::int64_t> first_broken;  // chain_pos of the first bad row
  std::optional<std::int64_t> journal_id;    // and its journal_id (none when the chain ends early)
  std::string reason;                        // what is wrong, and what was expected
  ChainHead last;                            // the last row verified
};

struct VerifyRange {
  // Start after this row, trusting it (a checkpoint's anchor, or the row
  // before --from); position 0 = from the chain's first row.
  ChainHead after;
  // Stop at this position, inclusive (0 = the chain's end).
  std::int64_t up_to = 0;
};

ChainCheck verify_chain(pqxx::transaction_base& tx, const std::string& chain, const VerifyRange& range = {});
std::vector<std::string> list_chains(pqxx::transaction_base& tx);

}  // namespace mstation::journal
