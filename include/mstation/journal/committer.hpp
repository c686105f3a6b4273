#pragma once
// Durable writes: an operation runs inside a database transaction (in its own
// savepoint), the journal entries it produces are appended to the chain in
// the same transaction, and commit() returns only once that transaction has
// committed. It throws if this operation failed or the commit did.
#include <functional>
#include <pqxx/connection>
#include <pqxx/transaction_base>
#include <vector>

#include "mstation/journal/appender.hpp"
#include "mstation/journal/commit_errors.hpp"
#include "mstation/journal/entry.hpp"

namespace mstation::journal {

using WriteOp = std::function<void(pqxx::transaction_base& tx, std::vector<Entry>& journal)>;

class Committer {
 public:
  virtual ~Committer() = default;
  virtual void commit(const WriteOp& op) = 0;
};

// One transaction per commit on the caller's connection: for the CLI, the
// tests and anything that does not need group commit. Serialised per chain
// by an advisory lock, so it may share a chain with other direct writers.
class DirectCommitter : public Committer {
 public:
  DirectCommitter(pqxx::connection& connection, std::string chain);
  void commit(const WriteOp& op) override;
  // Commits that need not wait for the disk (synchronous_commit off): for
  // rows whose loss in a crash loses nothing else; the next durable commit
  // on this connection makes them durable too.
  void set_durable(bool durable) { durable_ = durable; }
  bool durable() const { return durable_; }

 private:
  pqxx::connection& connection_;
  Appender appender_;
  bool durable_ = true;
};

}  // namespace mstation::journal
