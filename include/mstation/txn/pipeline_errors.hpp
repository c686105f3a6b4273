#pragma once
// Races the request pipeline expects and answers, as types: each is caught
// where it is decided and logged at info (a race is not a fault); anything
// else is an internal error.
#include <stdexcept>

namespace mstation::txn {

// Another request took this terminal's SEQ first (a concurrent duplicate, or
// a retransmission that overtook its original).
struct SeqTaken : std::runtime_error {
  SeqTaken() : std::runtime_error("SEQ taken by a concurrent request") {}
};

// The request already has its answer (an original and its take-over): the
// first stored answer stands.
struct AlreadyAnswered : std::runtime_error {
  AlreadyAnswered() : std::runtime_error("request already answered") {}
};

// A business record is no longer pending (settled meanwhile by the SAF
// worker's sweep, a take-over, or reconciliation).
struct NotPending : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace mstation::txn
