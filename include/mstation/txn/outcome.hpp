#pragma once
// What the request pipeline decided for one received frame.
#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <memory>
#include <optional>
#include <string>

#include "mstation/common/hex.hpp"
#include "mstation/sg186/request.hpp"

namespace mstation::txn {

// A request waiting for SG186's answer: what RequestProcessor::resume needs
// to finish it (defined in the pipeline's sources).
struct InFlight;

// One connection: its journal id, the peer address as the listener saw it,
// and when it was accepted (the journal records how long the answer took).
struct Exchange {
  std::int64_t id = 0;
  std::string peer;
  std::chrono::steady_clock::time_point accepted_at = std::chrono::steady_clock::now();
};

struct Outcome {
  enum class Action {
    respond,            // send `response`, then close
    close,              // close without a byte (unparseable header)
    wait_for_original,  // a retransmission whose original is still in progress: ask again later
    ask_sg186,          // send `sg186_request`, then RequestProcessor::resume with the result
  };

  Action action = Action::close;
  Bytes response;
  std::string code;    // response code, e.g. "00", "A2"; empty when closing
  std::string reason;  // why, in words, for the log and the journal

  // Identification, as far as the frame could be read.
  std::string tid;
  std::uint32_t seq = 0;
  std::string txn;
  bool retransmission = false;
  bool journaled = false;  // for close: the received bytes are already in the journal
  bool over_pre_mac_limit = false;  // close: failed before its MAC past the address's limit, counted not journaled

  // Decrypted messages with secrets masked (null when there were none).
  nlohmann::json request_clear;
  nlohmann::json response_clear;
  // ask_sg186: what to send (numbered and journaled in the commit that
  // decided it), and the request's state for resume.
  std::optional<sg186::NumberedRequest> sg186_request;
  std::shared_ptr<const InFlight> in_flight;
};

}  // namespace mstation::txn
