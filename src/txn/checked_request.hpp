#pragma once
// A request frame that passed every check of hhu-protocol.md §4 up to
// decryption: the terminal it came from, the keys it is under, and its
// decrypted JSON (or why there is none). Everything later in the pipeline
// works from this value; nothing is passed on the side.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "mstation/common/china_time.hpp"
#include "mstation/common/sha256.hpp"
#include "mstation/hhu/frame.hpp"
#include "mstation/store/request_store.hpp"
#include "mstation/store/terminal_store.hpp"
#include "mstation/txn/key_resolver.hpp"
#include "mstation/txn/outcome.hpp"

namespace mstation::txn {

struct Checked {
  Exchange exchange;
  hhu::Frame frame;
  Sha256Digest digest{};
  TimePoint now;
  store::TerminalRecord terminal;
  FrameKeys keys;
  std::optional<nlohmann::json> request;  // the decrypted JSON object, when it is one
  nlohmann::json request_clear;           // the same with secrets masked, for the journal
  std::string problem;                    // why there is no request (answered 30)
  bool taking_over = false;               // executed in the place of an original left in progress

  store::RequestKey key() const { return {terminal.tid, terminal.seq_epoch, frame.header.seq}; }
  std::uint16_t txn() const { return frame.header.txn; }
  // The note every answer to this request carries in the journal.
  std::string note() const {
    return taking_over ? "executed in the place of an original left in progress" : problem;
  }
};

// The identification of an outcome for this frame (TID, SEQ, TXN).
Outcome outcome_for(const hhu::Frame& frame);

}  // namespace mstation::txn
