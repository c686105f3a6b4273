#pragma once
// Carrying out what a statement decided (matcher.hpp Decision), inside the
// run's transaction. Each record is settled only if it is still as it was
// judged and quiet long enough that no process is working on it
// (txn::no_original_alive_after); its store-and-forward entry is ended only
// if no worker holds it right now, and is locked before the record (the
// order the SAF worker takes them in). An entry ended here keeps as its last
// result the SG186 code the statement stands for (1001 booked, 1016 never
// booked, 1017 reversed already, 1015 the day is closed), so a rerun judges
// it as the worker's own answer would be judged. Every change is journaled
// (`recon_settle`, before and after); what could not be done this time is
// left open.
#include <chrono>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "mstation/journal/entry.hpp"
#include "mstation/recon/matcher.hpp"
#include "mstation/recon/report.hpp"

namespace mstation::recon {

struct SettleResult {
  std::vector<Settled> settled;
  std::vector<std::string> touched;  // serials whose station side changed: to be judged again
};

SettleResult settle_decisions(pqxx::transaction_base& tx, const std::vector<Decision>& decisions,
                              std::chrono::seconds quiet_for, std::vector<OpenRecord>& open,
                              std::vector<journal::Entry>& journal);

}  // namespace mstation::recon
