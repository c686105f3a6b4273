#pragma once
// Fault injection for the simulator. Each fault has a rate (0..1) and is
// drawn per connection; at most one of the exclusive faults applies, latency
// comes on top. Set by flags at start and at run time through the control
// file DIR/control.json (`sg186-sim control`), which the server polls and
// acknowledges in DIR/control.applied.
//
//   latency             answer latency_ms late (after committing)
//   hang                read the request, never answer, never execute
//   close_before        read the request, close without executing
//   close_after_commit  execute (durably), close without answering
//   garbage             execute, answer with bytes that are not a message
//   wrong_serial        execute, answer with another SERIAL
//   down                refuse connections (rate 1: the port is closed;
//                       below 1: that share of connections is reset at once)
//
// work_date (YYYYMMDD, 0 = today in UTC+8) moves the simulator's accounting
// date, for testing the day's turn (and closing a day, so that its statement
// is ready).
//
// For reconciliation (statement_tweaks.hpp), the statement served can lie:
//   statement_drop=SERIAL[,SERIAL…]  leave lines out (adds to those already left out)
//   statement_amount=SERIAL:FEN      write another AMOUNT
//   statement_add=N                  N lines the station never sent
//   statement_not_ready=1            050/051 answer 1002 (对账文件尚未生成)
//   statement_bad_totals=1           050's TOTAL_AMOUNT contradicts the file
// and reversal_not_found=RATE answers that share of 012 reversals 1016
// without executing them, the original left booked: the race of a reversal
// overtaking its original.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "mstation/common/civil_date.hpp"
#include "mstation/sim/rng.hpp"
#include "mstation/sim/statement_tweaks.hpp"

namespace mstation::sim {

enum class Fault { none, hang, close_before, close_after_commit, garbage, wrong_serial, down };
const char* to_string(Fault fault);

struct FaultPlan {
  double latency = 0;
  std::uint32_t latency_ms = 0;
  double hang = 0;
  double close_before = 0;
  double close_after_commit = 0;
  double garbage = 0;
  double wrong_serial = 0;
  double down = 0;
  double reversal_not_found = 0;  // drawn per 012 request, apart from the faults above
  YyyyMmDd work_date = 0;
  StatementTweaks statement;
  std::uint64_t generation = 0;

  // "name=value"; nullopt on success, else the problem.
  std::optional<std::string> set(const std::string& setting);
  Fault draw(Rng& rng) const;
  bool delayed(Rng& rng) const { return latency > 0 && rng.unit() < latency; }
  bool loses_reversal(Rng& rng) const { return reversal_not_found > 0 && rng.unit() < reversal_not_found; }
  std::string describe() const;
};

std::filesystem::path control_file(const std::filesystem::path& dir);
std::filesystem::path control_ack_file(const std::filesystem::path& dir);
// Written atomically (temporary file, then rename).
void write_plan(const std::filesystem::path& dir, const FaultPlan& plan);
// nullopt if there is no control file or it is unreadable.
std::optional<FaultPlan> read_plan(const std::filesystem::path& dir);
void acknowledge(const std::filesystem::path& dir, std::uint64_t generation);
std::uint64_t acknowledged(const std::filesystem::path& dir);

}  // namespace mstation::sim
