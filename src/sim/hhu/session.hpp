#pragma once
// The terminal at work: sends steps one short connection each, prints what
// came back, remembers the money and keeps the state file current.
#include <cstdint>
#include <optional>
#include <string>

#include "options.hpp"
#include "requests.hpp"
#include "terminal_state.hpp"
#include "transport.hpp"

namespace mstation::hhu_sim {

struct Outcome {
  std::uint32_t seq = 0;
  std::optional<hhu::Response> response;  // nullopt: no answer, or one that failed the checks
  std::string problem;                    // why there is no response

  bool succeeded() const { return response && response->secured && response->code() == "00"; }
  std::string code() const { return response ? response->code() : ""; }
  // The response's payload; an empty object if there is none.
  const nlohmann::json& body() const;
};

class Session {
 public:
  Session(const Options& options, TerminalState state);

  // One transaction: prints its summary line (and receipt or notice), notes
  // a succeeded money transaction, saves the state. Never throws for what the
  // network or the server did: that is in the Outcome.
  Outcome exchange(const Step& step);

  TerminalState& state() { return state_; }

 private:
  void remember(const Step& step, const Outcome& outcome);

  const Options& options_;
  Endpoints endpoints_;
  TerminalState state_;
};

}  // namespace mstation::hhu_sim
