#pragma once
// The checks of a received frame (hhu-protocol.md §4), in the spec's order —
// header, terminal and bound address, suite, retransmission, key version,
// MAC, SEQ and TIME — then decryption and JSON. The first failure decides:
// the result is either the Checked request or the Outcome that answers the
// frame (a plain refusal, a stored answer, or "wait for the original").
//
// Reads only, one query (store/frame_context) in the caller's transaction —
// a nontransaction will do: nothing here writes and one statement sees one
// snapshot.
#include <pqxx/transaction_base>
#include <variant>

#include "checked_request.hpp"
#include "mstation/keys/kek.hpp"
#include "mstation/txn/settings.hpp"

namespace mstation::txn {

struct CheckInput {
  const Exchange& exchange;
  const hhu::Frame& frame;
  TimePoint now;
  bool take_over = false;  // the original has been in progress longer than the front-end waits
};

std::variant<Checked, Outcome> check_frame(pqxx::transaction_base& reads, const CheckInput& in,
                                           const Settings& settings, const keys::KekRing& kek);

// A byte-identical frame of an accepted (TID, SEQ): its stored answer, or
// "wait for the original" while that is in progress; nullopt if there is none.
std::optional<Outcome> stored_answer_of(pqxx::transaction_base& reads, const hhu::Frame& frame,
                                        const Sha256Digest& digest);
std::optional<Outcome> stored_answer_of(const hhu::Frame& frame, const std::optional<store::RequestRecord>& prior);

}  // namespace mstation::txn
