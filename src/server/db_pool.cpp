#include "mstation/server/db_pool.hpp"

#include <pqxx/pqxx>

#include <spdlog/spdlog.h>

namespace mstation::server {

DbPool::DbPool(std::string conninfo, std::size_t threads, std::string on_connect)
    : conninfo_(std::move(conninfo)), on_connect_(std::move(on_connect)) {
  for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
}

DbPool::~DbPool() { stop(); }

void DbPool::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
}

bool DbPool::up() const {
  std::lock_guard lock(mutex_);
  return up_ && ever_up_;
}

void DbPool::enqueue(Job job) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
}

void DbPool::set_up(bool up, const std::string& why) {
  std::lock_guard lock(mutex_);
  if (up) {
    if (!up_ || !ever_up_) spdlog::info("database reachable");
    backoff_.reached();
  } else {
    if (up_) spdlog::error("database unreachable: {}", why);
    backoff_.lost(std::chrono::steady_clock::now());
  }
  up_ = up;
  ever_up_ = ever_up_ || up;
}

// This thread's connection, (re)connecting if it holds this window's attempt.
pqxx::connection* DbPool::connection_for(std::unique_ptr<pqxx::connection>& mine) {
  if (mine && mine->is_open()) return mine.get();
  {
    std::lock_guard lock(mutex_);
    if (!backoff_.claim(std::chrono::steady_clock::now())) return nullptr;
  }
  try {
    mine = std::make_unique<pqxx::connection>(conninfo_);
    if (!on_connect_.empty()) {
      pqxx::nontransaction tx(*mine);
      tx.exec(on_connect_);
    }
    set_up(true, "");
    return mine.get();
  } catch (const std::exception& e) {
    mine.reset();
    set_up(false, e.what());
    return nullptr;
  }
}

void DbPool::work() {
  std::unique_ptr<pqxx::connection> mine;
  while (true) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    pqxx::connection* connection = connection_for(mine);
    job(connection);
    if (mine && !mine->is_open()) {
      mine.reset();
      set_up(false, "connection lost");
    }
  }
}

}  // namespace mstation::server
