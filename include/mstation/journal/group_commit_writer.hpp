#pragma once
// Group commit (design.md §3): the operations of many sessions that arrive
// within a short window run in one database transaction on this writer's
// connection and are committed once. Callers block in commit() until their
// operation is durable — call it from a database thread, never from the
// network threads.
//
// One round trip per statement, none for bookkeeping: a batch first runs
// with no savepoints at all. Only if one of its operations fails is the
// transaction rolled back and the batch run again with each operation in its
// own savepoint, so that one session's failure (a duplicate SEQ, say) does
// not fail the others. An operation may therefore run more than once (its
// effects rolled back in between): it must keep nothing but what it returns.
// An operation that fails with a serialization failure or a deadlock is run
// again, at most twice — it is not in doubt, nothing of it committed.
//
// Every call is bounded: statement_timeout and lock_timeout are set on the
// connection, and a commit that has not finished within commit_timeout is
// reported as CommitInDoubt (it may still commit), exactly like a lost
// connection. health() tells /readyz and the watchdog whether commits are
// getting through.
//
// The writer owns one connection and one chain. It holds a session advisory
// lock on that chain for its lifetime, so two instances misconfigured with
// the same name cannot fork a chain.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <pqxx/connection>
#include <string>
#include <thread>

#include "mstation/journal/commit_errors.hpp"
#include "mstation/journal/committer.hpp"

namespace mstation::journal {

// Whether a writer's commits are getting through.
struct WriterHealth {
  // How long work has been waiting with no commit succeeding meanwhile;
  // zero when nothing waits.
  std::chrono::steady_clock::duration stalled{};
};

// The statements that bound every call on a connection of the daemon.
std::string session_timeouts(std::chrono::milliseconds statement, std::chrono::milliseconds lock);

class GroupCommitWriter : public Committer {
 public:
  struct Options {
    std::size_t max_batch = 64;
    // How long to wait for more operations before a batch starts. 0: start at once
    // with what is queued — batches still form while the previous commit flushes.
    std::chrono::microseconds window{0};
    std::chrono::milliseconds commit_timeout{5000};  // 0 = wait for ever
    std::chrono::milliseconds statement_timeout{5000};
    std::chrono::milliseconds lock_timeout{2000};
    // Called after every batch with its size and commit time (for /metrics).
    std::function<void(std::size_t, double)> on_batch;
    // Called on every new connection before it is used (the daemon checks
    // its role there); an exception refuses the connection and fails the batch.
    std::function<void(pqxx::connection&)> on_connect;
  };

  GroupCommitWriter(std::string conninfo, std::string chain, Options options);
  ~GroupCommitWriter() override;

  void commit(const WriteOp& op) override;

  // Finishes what is queued, then stops; later commits throw.
  void stop();
  bool database_up() const;
  WriterHealth health() const;
  const std::string& chain() const { return appender_.chain(); }

 private:
  using Steady = std::chrono::steady_clock;
  struct Slot;
  struct Pending {
    WriteOp op;
    std::shared_ptr<Slot> slot;
    Steady::time_point queued_at;
  };
  enum class Mode { together, isolated };

  void run();
  std::deque<Pending> take_batch(std::unique_lock<std::mutex>& lock);
  void write_batch(std::deque<Pending>& batch);
  // True if every operation succeeded; in isolated mode failures are recorded instead.
  bool run_batch(pqxx::transaction_base& tx, std::deque<Pending>& batch, Mode mode, std::vector<std::exception_ptr>& failures);
  void run_isolated(pqxx::transaction_base& tx, Pending& p, std::exception_ptr& failure);
  void run_op(pqxx::transaction_base& tx, Pending& p);
  void ensure_connected();
  void lose_connection(const std::string& why);

  std::string conninfo_;
  Options options_;
  Appender appender_;
  std::unique_ptr<pqxx::connection> connection_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  std::optional<Steady::time_point> running_since_;  // the batch being written, queued at
  Steady::time_point last_commit_ = Steady::now();
  bool stopping_ = false;
  bool up_ = false;
  std::thread thread_;
};

}  // namespace mstation::journal
