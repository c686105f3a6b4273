#pragma once
// Group commit (design.md §3): the operations of many sessions that arrive
// within a short window are run in one database transaction, each in its own
// savepoint so that one session's failure (a duplicate SEQ, say) does not fail
// the others, and committed once. Callers block in commit() until their
// operation is durable — call it from a database thread, never from the
// network threads.
//
// The writer owns one connection and one chain (the instance name). It holds
// a session advisory lock on that chain for its lifetime, so two instances
// misconfigured with the same name cannot fork a chain.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <pqxx/connection>
#include <string>
#include <thread>

#include "mstation/journal/committer.hpp"

namespace mstation::journal {

class DatabaseUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct GroupCommitStats {
  std::uint64_t batches = 0;
  std::uint64_t operations = 0;
  std::uint64_t failed_commits = 0;
  std::uint64_t last_batch_size = 0;
  double last_commit_seconds = 0;
};

class GroupCommitWriter : public Committer {
 public:
  struct Options {
    std::size_t max_batch = 64;
    std::chrono::microseconds window{1500};
    // Called after every batch with its size and commit time (for /metrics).
    std::function<void(std::size_t, double)> on_batch;
  };

  GroupCommitWriter(std::string conninfo, std::string chain, Options options);
  ~GroupCommitWriter() override;

  void commit(const WriteOp& op) override;

  // Finishes what is queued, then stops; later commits throw.
  void stop();
  bool database_up() const;

 private:
  struct Pending {
    WriteOp op;
    std::promise<void> done;
  };

  void run();
  std::deque<Pending> take_batch(std::unique_lock<std::mutex>& lock);
  void write_batch(std::deque<Pending>& batch);
  void ensure_connected();
  void run_one(pqxx::transaction_base& tx, Pending& p, std::vector<std::exception_ptr>& failures, std::size_t i);

  std::string conninfo_;
  Options options_;
  Appender appender_;
  std::unique_ptr<pqxx::connection> connection_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  bool up_ = false;
  std::thread thread_;
};

}  // namespace mstation::journal
