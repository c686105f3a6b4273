#pragma once
// The simulator's durable state: DIR/dataset.json names the generated
// dataset (customers, seed, as-of date) and DIR/ledger.jsonl holds, one JSON
// line each, every request that changed the books, with the date and time it
// was executed at. A line is on disk (fdatasync) before the answer leaves;
// at start the dataset is regenerated and the lines re-executed in order,
// which rebuilds the books exactly (execution is deterministic).
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "mstation/sim/book.hpp"

namespace mstation::sim {

struct LedgerRecord {
  YyyyMmDd work_date = 0;
  std::uint64_t txn_time = 0;  // YYYYMMDDhhmmss
  std::string request;         // the whole message, GBK, LEN included
  std::string rsp_code;        // what was answered, checked on replay
};

class LedgerFile {
 public:
  explicit LedgerFile(const std::filesystem::path& path);  // throws if it cannot be opened
  ~LedgerFile();
  LedgerFile(const LedgerFile&) = delete;
  LedgerFile& operator=(const LedgerFile&) = delete;
  // Durable when it returns; throws std::runtime_error otherwise.
  void append(const LedgerRecord& record);
  // Written, not yet durable (see LedgerSync): the line's number, 1 for the
  // first line this process wrote. Thread-safe with sync().
  std::uint64_t write(const LedgerRecord& record);
  void sync();
  std::uint64_t lines_written() const { return lines_.load(); }

 private:
  std::atomic<std::uint64_t> lines_{0};
  int fd_ = -1;
  std::filesystem::path path_;
};

struct LoadedState {
  Book book;
  std::size_t replayed = 0;
  std::vector<std::string> warnings;  // a torn last line, an answer that replayed differently
};

// DIR/dataset.json is created from `wanted` when absent. When present, a
// `wanted` that differs (customers or seed given on the command line) is an
// error: std::runtime_error naming the difference.
struct DatasetChoice {
  std::optional<std::size_t> customers;
  std::optional<std::uint64_t> seed;
  YyyyMmDd as_of = 0;  // used only when creating
};
LoadedState load_state(const std::filesystem::path& dir, const DatasetChoice& wanted, bool create);

}  // namespace mstation::sim
