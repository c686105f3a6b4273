#pragma once
// SG186 exchanges for reconciliation, blocking (the CLI, the daemon's
// nightly thread), through the same numbering and journal as every other
// exchange (txn/sg186_numbering, txn/sg186_journal): the request journaled
// in a commit before it is sent, the answer (or why there was none)
// journaled after.
//
// Serials are taken in durable commits only (reserve()): a serial SG186 may
// have seen is never handed out again, even after a crash. The journal
// commits may be asynchronous (the committer's set_durable(false)): 050 and
// 051 change nothing at SG186, a crash can lose only the rows of a download
// whose result was never used, and the run's own synchronous commit makes
// every earlier one durable with it (WAL is flushed in order). For the same
// reason an answer's rows go in the commit of the next request (or of
// flush()): one commit per exchange instead of two.
#include <deque>
#include <string>
#include <vector>

#include "mstation/config/config.hpp"
#include "mstation/journal/committer.hpp"
#include "mstation/sg186/client.hpp"
#include "mstation/sg186/request.hpp"

namespace mstation::recon {

class JournaledExchange {
 public:
  JournaledExchange(const config::Config& config, journal::DirectCommitter& writes);
  // Journals what is still held back, if it can.
  ~JournaledExchange();
  JournaledExchange(const JournaledExchange&) = delete;
  JournaledExchange& operator=(const JournaledExchange&) = delete;
  // Takes `count` serials for the exchanges to come, in one durable commit.
  void reserve(int count);
  // Throws only if the request could not be numbered and journaled (nothing sent then).
  sg186::ExchangeResult exchange(const sg186::Request& request);
  // Commits the last answer's rows.
  void flush();

 private:
  std::string agency_;
  std::string peer_;
  sg186::Endpoint endpoint_;
  journal::DirectCommitter& writes_;
  void commit(std::vector<journal::Entry> rows);

  std::deque<std::string> serials_;
  std::vector<journal::Entry> held_;  // the last answer's rows, not yet committed
};

}  // namespace mstation::recon
