#include "mstation/journal/group_commit_writer.hpp"

#include <pqxx/pqxx>

#include <spdlog/spdlog.h>


namespace mstation::journal {

GroupCommitWriter::GroupCommitWriter(std::string conninfo, std::string chain, Options options)
    : conninfo_(std::move(conninfo)), options_(std::move(options)), appender_(std::move(chain)) {
  thread_ = std::thread([this] { run(); });
}

GroupCommitWriter::~GroupCommitWriter() { stop(); }

void GroupCommitWriter::commit(const WriteOp& op) {
  std::future<void> done;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) throw std::runtime_error("the journal writer has stopped");
    queue_.push_back({op, {}});
    done = queue_.back().done.get_future();
  }
  wake_.notify_one();
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

void GroupCommitWriter::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything queued is written
    auto batch = take_batch(lock);
    lock.unlock();
    write_batch(batch);
    lock.lock();
  }
}

// Waits up to the window for more operations, then takes at most max_batch.
std::deque<GroupCommitWriter::Pending> GroupCommitWriter::take_batch(std::unique_lock<std::mutex>& lock) {
  const auto deadline = std::chrono::steady_clock::now() + options_.window;
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
    pqxx::nontransaction tx(*connection);
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
    std::lock_guard lock(mutex_);
    if (up_) spdlog::error("database lost by the journal writer: {}", e.what());
    up_ = false;
    throw DatabaseUnavailable("database unavailable");
  }
  std::lock_guard lock(mutex_);
  if (!up_) spdlog::info("journal writer connected to the database (chain {})", appender_.chain());
  up_ = true;
}

// Each operation in its own savepoint. libpqxx 6.4's subtransaction issues
// SAVEPOINT lazily at its first exec() — not at exec_params() — so it is
// activated explicitly before the operation runs.
void GroupCommitWriter::run_one(pqxx::transaction_base& tx, Pending& p, std::vector<std::exception_ptr>& failures,
                                std::size_t i) {
  const ChainHead mark = appender_.tentative();
  try {
    pqxx::subtransaction savepoint(dynamic_cast<pqxx::dbtransaction&>(tx), "op");
    savepoint.exec("SELECT 1");
    std::vector<Entry> entries;
    p.op(savepoint, entries);
    appender_.append(savepoint, entries);
    savepoint.commit();
  } catch (const pqxx::broken_connection&) {
    throw;  // the whole batch is lost
  } catch (...) {
    appender_.rewind(mark);
    failures[i] = std::current_exception();
  }
}

void GroupCommitWriter::write_batch(std::deque<Pending>& batch) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::exception_ptr> failures(batch.size());
  try {
    ensure_connected();
    pqxx::work tx(*connection_);
    appender_.begin(tx);
    for (std::size_t i = 0; i < batch.size(); ++i) run_one(tx, batch[i], failures, i);
    tx.commit();
    appender_.committed();
  } catch (const std::exception& e) {
    // Failed or in doubt: nothing of this batch counts as written, and the
    // chain head must be read again from the database.
    appender_.forget();
    if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
      connection_.reset();
      std::lock_guard lock(mutex_);
      if (up_) spdlog::error("database lost by the journal writer: {}", e.what());
      up_ = false;
    }
    const auto failure = std::current_exception();
    for (auto& p : batch) p.done.set_exception(failure);
    return;
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (failures[i]) {
      batch[i].done.set_exception(failures[i]);
    } else {
      batch[i].done.set_value();
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (options_.on_batch) options_.on_batch(batch.size(), seconds);
}

}  // namespace mstation::journal
