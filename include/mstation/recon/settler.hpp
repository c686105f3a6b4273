#pragma once
// Carrying out what a statement decided (matcher.hpp Decision), inside the
// run's transaction: each record locked and settled only if it is still as
// it was judged and quiet long enough that no process is working on it
// (txn::no_original_alive_after), its store-and-forward entry ended only if
// no worker holds it right now. What changed is returned and journaled (one
// `recon_settle` row each, with before and after); what could not be done
// this time is left open for the next run.
#include <chrono>
#include <pqxx/transaction_base>
#include <vector>

#include "mstation/journal/entry.hpp"
#include "mstation/recon/matcher.hpp"
#include "mstation/recon/report.hpp"

namespace mstation::recon {

std::vector<Settled> settle_decisions(pqxx::transaction_base& tx, const std::vector<Decision>& decisions,
                                      std::chrono::seconds quiet_for, std::vector<OpenRecord>& open,
                                      std::vector<journal::Entry>& journal);

}  // namespace mstation::recon
