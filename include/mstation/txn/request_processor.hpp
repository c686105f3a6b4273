#pragma once
// The request pipeline of hhu-protocol.md §4, short of sockets: one received
// frame in, one Outcome out. Checks run in the spec's order — header, terminal
// and bound address, suite, retransmission, key version, MAC, SEQ and TIME,
// decryption and JSON — and the first failure decides the answer. SEQ use,
// retransmissions and replays are decided in PostgreSQL, so they hold across
// restarts and across several instances.
//
// Every frame is journaled before it is answered: the raw and decrypted
// request together with the SEQ reservation (write-ahead), the decrypted and
// raw response together with the handler's effects, refusals in a commit of
// their own. If a journal commit fails, the outcome is to close without an
// answer.
//
// Blocking (libpqxx): call it on a database thread with that thread's
// connection for reads, and a Committer for writes.
#include <functional>
#include <pqxx/connection>
#include <span>
#include <string>

#include "mstation/common/china_time.hpp"
#include "mstation/journal/committer.hpp"
#include "mstation/keys/kek.hpp"
#include "mstation/sg186/client.hpp"
#include "mstation/txn/outcome.hpp"
#include "mstation/txn/settings.hpp"

namespace mstation::txn {

class RequestProcessor {
 public:
  using Now = std::function<TimePoint()>;

  RequestProcessor(Settings settings, const keys::KekRing& kek, Now now = [] { return Clock::now(); });

  Outcome process(pqxx::connection& reads, journal::Committer& writes, const Exchange& exchange,
                  std::span<const std::uint8_t> raw) const;

  // For a retransmission whose original has been in progress longer than the
  // front-end waits (the original's process died between its write-ahead and
  // its answer): executes the request in the original's place, if its
  // transaction is one whose effects commit only together with the answer
  // (SIGN_ON, SIGN_OFF, ECHO). The first answer stored wins; nothing runs twice.
  Outcome take_over(pqxx::connection& reads, journal::Committer& writes, const Exchange& exchange,
                    std::span<const std::uint8_t> raw) const;
  // After an ask_sg186 outcome: the handler finishes with SG186's result and
  // the answer is stored and journaled, in one commit.
  Outcome resume(pqxx::connection& reads, journal::Committer& writes, const Outcome& asked,
                 const sg186::ExchangeResult& result) const;

 private:
  Outcome run(pqxx::connection& reads, journal::Committer& writes, const Exchange& exchange,
              std::span<const std::uint8_t> raw, bool take_over) const;

  Settings settings_;
  const keys::KekRing& kek_;
  Now now_;
};

}  // namespace mstation::txn
