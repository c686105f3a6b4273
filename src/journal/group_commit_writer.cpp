#include "mstation/journal/group_commit_writer.hpp"

#include <fmt/format.h>

#include <pqxx/pqxx>

#include <spdlog/spdlog.h>

namespace mstation::journal {
namespace {

constexpr int max_runs_after_rollback = 3;  // the first run and two retries

// An operation whose caller stopped waiting before it ran: skipped.
struct Abandoned : CommitInDoubt {
  Abandoned() : CommitInDoubt("abandoned by its caller at the commit deadline") {}
};

}  // namespace

// One caller's operation. The caller may stop waiting (commit deadline):
// it then marks the slot abandoned and waits only until a run in progress
// ends, because the operation refers to the caller's stack. An abandoned
// operation is never run again.
struct GroupCommitWriter::Slot {
  std::mutex mutex;
  std::condition_variable idle;
  bool abandoned = false;
  bool running = false;
  std::promise<void> done;
};

std::string session_timeouts(std::chrono::milliseconds statement, std::chrono::milliseconds lock) {
  return fmt::format("SET statement_timeout = {}; SET lock_timeout = {}", statement.count(), lock.count());
}

GroupCommitWriter::GroupCommitWriter(std::string conninfo, std::string chain, Options options)
    : conninfo_(std::move(conninfo)), options_(std::move(options)), appender_(std::move(chain)) {
  thread_ = std::thread([this] { run(); });
}

GroupCommitWriter::~GroupCommitWriter() { stop(); }

void GroupCommitWriter::commit(const WriteOp& op) {
  auto slot = std::make_shared<Slot>();
  auto done = slot->done.get_future();
  {
    std::lock_guard lock(mutex_);
    if (stopping_) throw std::runtime_error("the journal writer has stopped");
    queue_.push_back({op, slot, Steady::now()});
  }
  wake_.notify_one();
  if (options_.commit_timeout.count() > 0 &&
      done.wait_for(options_.commit_timeout) == std::future_status::timeout) {
    std::unique_lock lock(slot->mutex);
    slot->abandoned = true;
    slot->idle.wait(lock, [&] { return !slot->running; });
    // Decided at the deadline: in doubt even if it commits a moment later.
    throw CommitInDoubt(fmt::format("the commit did not finish within database.commit_timeout_ms ({} ms)",
                                    options_.commit_timeout.count()));
  }
  done.get();
}

void GroupCommitWriter::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool GroupCommitWriter::database_up() const {
  std::lock_guard lock(mutex_);
  return up_;
}

WriterHealth GroupCommitWriter::health() const {
  std::lock_guard lock(mutex_);
  WriterHealth h;
  std::optional<Steady::time_point> oldest = running_since_;
  if (!oldest && !queue_.empty()) oldest = queue_.front().queued_at;
  if (oldest) h.stalled = Steady::now() - std::max(*oldest, last_commit_);
  return h;
}

void GroupCommitWriter::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything queued is written
    auto batch = take_batch(lock);
    running_since_ = batch.front().queued_at;
    lock.unlock();
    write_batch(batch);  // clears running_since_ before its callers hear
    lock.lock();
  }
}

// Waits up to the window for more operations, then takes at most max_batch.
std::deque<GroupCommitWriter::Pending> GroupCommitWriter::take_batch(std::unique_lock<std::mutex>& lock) {
  const auto deadline = Steady::now() + options_.window;
  while (queue_.size() < options_.max_batch && !stopping_) {
    if (wake_.wait_until(lock, deadline) == std::cv_status::timeout) break;
  }
  std::deque<Pending> batch;
  while (!queue_.empty() && batch.size() < options_.max_batch) {
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  return batch;
}

void GroupCommitWriter::ensure_connected() {
  if (connection_) return;
  try {
    auto connection = std::make_unique<pqxx::connection>(conninfo_);
    if (options_.on_connect) options_.on_connect(*connection);
    pqxx::nontransaction tx(*connection);
    tx.exec(session_timeouts(options_.statement_timeout, options_.lock_timeout));
    const bool locked = tx.exec_params1("SELECT pg_try_advisory_lock(hashtext('mstation.journal:' || $1))",
                                        appender_.chain())[0]
                            .as<bool>();
    if (!locked) {
      throw std::runtime_error("another process is writing journal chain '" + appender_.chain() +
                               "': every instance needs its own station.instance name");
    }
    connection_ = std::move(connection);
    appender_.forget();
  } catch (const pqxx::broken_connection& e) {
    lose_connection(e.what());
    throw DatabaseUnavailable("database unavailable");
  }
  std::lock_guard lock(mutex_);
  if (!up_) spdlog::info("journal writer connected to the database (chain {})", appender_.chain());
  up_ = true;
}

void GroupCommitWriter::lose_connection(const std::string& why) {
  connection_.reset();
  std::lock_guard lock(mutex_);
  if (up_) spdlog::error("database lost by the journal writer (chain {}): {}", appender_.chain(), why);
  up_ = false;
}

// Runs the operation unless its caller has stopped waiting; its journal rows
// follow in the same round trip's transaction.
void GroupCommitWriter::run_op(pqxx::transaction_base& tx, Pending& p) {
  {
    std::lock_guard lock(p.slot->mutex);
    if (p.slot->abandoned) throw Abandoned();
    p.slot->running = true;
  }
  std::vector<Entry> entries;
  {
    // However the operation ends, a caller waiting at its deadline may go on.
    struct NotRunningAtExit {
      Slot& slot;
      ~NotRunningAtExit() {
        std::lock_guard lock(slot.mutex);
        slot.running = false;
        slot.idle.notify_all();
      }
    } at_exit{*p.slot};
    p.op(tx, entries);
  }
  appender_.append(tx, entries);
}

// In its own savepoint, run again after a serialization failure or deadlock.
// The rare path (a batch with a failure in it), so it may cost round trips:
// libpqxx 6.4's subtransaction issues SAVEPOINT lazily at its first exec()
// — not at exec_params() — so it is activated explicitly.
void GroupCommitWriter::run_isolated(pqxx::transaction_base& tx, Pending& p, std::exception_ptr& failure) {
  for (int run = 1;; ++run) {
    const ChainHead mark = appender_.tentative();
    try {
      pqxx::subtransaction savepoint(dynamic_cast<pqxx::dbtransaction&>(tx), "op");
      savepoint.exec("SELECT 1");
      run_op(savepoint, p);
      savepoint.commit();
      return;
    } catch (const pqxx::broken_connection&) {
      throw;  // the whole batch is lost
    } catch (const pqxx::transaction_rollback& e) {
      appender_.rewind(mark);
      if (run < max_runs_after_rollback) {
        spdlog::warn("journal writer (chain {}): operation run again after {}", appender_.chain(), e.what());
        continue;
      }
      failure = std::current_exception();
      return;
    } catch (...) {
      appender_.rewind(mark);
      failure = std::current_exception();
      return;
    }
  }
}

bool GroupCommitWriter::run_batch(pqxx::transaction_base& tx, std::deque<Pending>& batch, Mode mode,
                                  std::vector<std::exception_ptr>& failures) {
  appender_.begin(tx);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (mode == Mode::isolated) {
      run_isolated(tx, batch[i], failures[i]);
      continue;
    }
    try {
      run_op(tx, batch[i]);
    } catch (const Abandoned&) {
      failures[i] = std::current_exception();  // never ran: the others go on
    } catch (const pqxx::broken_connection&) {
      throw;
    } catch (...) {
      return false;
    }
  }
  return true;
}

void GroupCommitWriter::write_batch(std::deque<Pending>& batch) {
  const auto start = Steady::now();
  std::vector<std::exception_ptr> failures(batch.size());
  try {
    ensure_connected();
    bool all_ran = false;
    {
      pqxx::work tx(*connection_);
      all_ran = run_batch(tx, batch, Mode::together, failures);
      if (all_ran) {
        tx.commit();
        appender_.committed();
      }
    }  // else rolled back here, and run again operation by operation
    if (!all_ran) {
      pqxx::work tx(*connection_);
      run_batch(tx, batch, Mode::isolated, failures);
      tx.commit();
      appender_.committed();
    }
  } catch (const std::exception& e) {
    // Failed or in doubt: nothing of this batch counts as written, and the
    // chain head must be read again from the database.
    appender_.forget();
    std::exception_ptr failure;
    if (dynamic_cast<const DatabaseUnavailable*>(&e) != nullptr) {
      failure = std::current_exception();
    } else if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr ||
               dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr) {
      lose_connection(e.what());
      failure = std::make_exception_ptr(CommitInDoubt(std::string("connection lost during the commit: ") + e.what()));
    } else {
      failure = std::make_exception_ptr(CommitFailed(std::string("the batch was rolled back: ") + e.what()));
    }
    {
      std::lock_guard lock(mutex_);
      running_since_.reset();
    }
    for (auto& p : batch) p.slot->done.set_exception(failure);
    return;
  }
  {
    std::lock_guard lock(mutex_);  // before any caller hears of it, so health() is never behind
    last_commit_ = Steady::now();
    running_since_.reset();
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (failures[i]) {
      batch[i].slot->done.set_exception(failures[i]);
    } else {
      batch[i].slot->done.set_value();
    }
  }
  const double seconds = std::chrono::duration<double>(Steady::now() - start).count();
  if (options_.on_batch) options_.on_batch(batch.size(), seconds);
}

}  // namespace mstation::journal
