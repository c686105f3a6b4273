#pragma once
// Group commit for the simulator's ledger: answers wait for an fdatasync
// that covers their line, and one fdatasync covers every line written
// before it started. Lines are written (write(2)) in execution order, so a
// sync that covers a line covers everything it depended on. Nothing is
// answered before its line is on disk; a failed sync stops the process (the
// books in memory are ahead of the disk and a restart replays the ledger).
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "mstation/sim/ledger_file.hpp"

namespace mstation::sim {

class LedgerSync {
 public:
  explicit LedgerSync(LedgerFile& file);
  ~LedgerSync();
  LedgerSync(const LedgerSync&) = delete;
  LedgerSync& operator=(const LedgerSync&) = delete;

  // `then` runs on the sync thread once line `line` (as numbered by
  // LedgerFile::write) is durable: post from it, never block in it.
  void after_durable(std::uint64_t line, std::function<void()> then);
  std::uint64_t syncs() const;

 private:
  struct Waiter {
    std::uint64_t line;
    std::function<void()> then;
  };
  void run();

  LedgerFile& file_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Waiter> waiting_;
  std::uint64_t durable_ = 0;
  std::uint64_t syncs_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace mstation::sim
