#include "mstation/sim/ledger_sync.hpp"

#include <cstdlib>
#include <iostream>

namespace mstation::sim {

LedgerSync::LedgerSync(LedgerFile& file) : file_(file) {
  durable_ = file_.lines_written();  // what was there at start is durable already
  thread_ = std::thread([this] { run(); });
}

LedgerSync::~LedgerSync() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void LedgerSync::after_durable(std::uint64_t line, std::function<void()> then) {
  {
    std::lock_guard lock(mutex_);
    if (line <= durable_) {
      then();  // already on disk
      return;
    }
    waiting_.push_back({line, std::move(then)});
  }
  wake_.notify_one();
}

std::uint64_t LedgerSync::syncs() const {
  std::lock_guard lock(mutex_);
  return syncs_;
}

void LedgerSync::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || !waiting_.empty(); });
    if (waiting_.empty()) return;
    lock.unlock();
    // Every line written so far, including those of answers not yet waiting.
    const std::uint64_t covered = file_.lines_written();
    try {
      file_.sync();
    } catch (const std::exception& e) {
      std::cout << "sg186-sim: FATAL: " << e.what() << std::endl;
      std::_Exit(1);
    }
    lock.lock();
    ++syncs_;
    durable_ = std::max(durable_, covered);
    std::vector<Waiter> still;
    for (auto& w : waiting_) {
      if (w.line <= durable_) {
        w.then();
      } else {
        still.push_back(std::move(w));
      }
    }
    waiting_ = std::move(still);
  }
}

}  // namespace mstation::sim
