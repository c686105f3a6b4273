#pragma once
// What a handheld keeps across power cycles: its SEQ, its working keys, the
// day's money transactions and the purchase count on the cards it wrote.
// hhu-sim keeps them in the --state file (mode 0600: it holds keys).
#include <cstdint>
#include <map>
#include <string>

#include "money_log.hpp"
#include "mstation/hhu/terminal_client.hpp"

namespace mstation::hhu_sim {

struct Options;

struct TerminalState {
  hhu::TerminalClient terminal;
  MoneyLog money;
  // customer_no → the purchase count on that customer's card after our last
  // write; the card itself is not simulated, so this is what we "read" from it.
  std::map<std::string, std::int64_t> card_counts;
};

// The TMK from --tmk-file (UsageError if unreadable), then --state if given and present.
TerminalState load_state(const Options& o);
// Replaces the --state file atomically; a no-op without --state. Keeps only today's money.
void save_state(const Options& o, TerminalState& state);

}  // namespace mstation::hhu_sim
