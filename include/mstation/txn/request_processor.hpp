#pragma once
// The request pipeline of hhu-protocol.md §4, short of sockets: one received
// frame in, one Outcome out. Checks run in the spec's order — header, terminal
// and bound address, suite, retransmission, key version, MAC, SEQ and TIME,
// decryption and JSON — and the first failure decides the answer. SEQ use,
// retransmissions and replays are decided in PostgreSQL, so they hold across
// restarts and across several instances.
//
// Every frame is journaled before it is answered, in as few durable commits
// as the safety rules allow: a transaction that does not ask SG186 takes one
// (SEQ, request journaled, handler effects, answer stored); one that does
// takes two — the write-ahead (SEQ, request, business record with its
// serial and SG186 request, all journaled) before SG186 is asked, and the
// finish (SG186's answer journaled, record settled, answer stored) before
// the terminal hears anything. A refusal is journaled in a commit of its
// own. If a commit fails or is in doubt, the stored answer (if it did
// commit) or closing without an answer; never 96 after SG186 was asked.
//
// The parts: frame_checks (→ Checked or a refusal), write_ahead,
// response_builder, frame_journal; this file runs them in order.
//
// Blocking (libpqxx): call it on a database thread with that thread's
// connection for reads, and the terminal's writer lane for writes. PBKDF2
// (sign-on) runs here on the read side, never inside a commit.
#include <functional>
#include <pqxx/connection>
#include <span>
#include <string>

#include "mstation/common/china_time.hpp"
#include "mstation/journal/committer.hpp"
#include "mstation/keys/kek_source.hpp"
#include "mstation/sg186/client.hpp"
#include "mstation/txn/outcome.hpp"
#include "mstation/common/address_window_limiter.hpp"
#include "mstation/txn/settings.hpp"

namespace mstation::txn {

class RequestProcessor {
 public:
  using Now = std::function<TimePoint()>;

  // `kek`: the ring in force is taken per frame; a stored key under a KEK
  // the ring lacks makes it read the KEK files again (keys/kek_source.hpp).
  RequestProcessor(Settings settings, keys::KekSource& kek, Now now = [] { return Clock::now(); });

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

  // Frames failing before their MAC, per address (pre_mac_limiter.hpp): the
  // session asks it too, for bytes that never made a frame.
  AddressWindowLimiter& pre_mac_limiter() const { return limiter_; }

 private:
  Outcome run(pqxx::connection& reads, journal::Committer& writes, const Exchange& exchange,
              std::span<const std::uint8_t> raw, bool take_over) const;

  Settings settings_;
  keys::KekSource& kek_;
  Now now_;
  mutable AddressWindowLimiter limiter_;
};

}  // namespace mstation::txn
