#include "mstation/sim/ledger_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "mstation/common/hex.hpp"

namespace mstation::sim {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string hex_of(const std::string& bytes) {
  return to_hex(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
}

std::string bytes_of_hex(const std::string& hex) {
  const auto bytes = from_hex(hex);
  if (!bytes) throw std::runtime_error("request is not hex");
  return std::string(bytes->begin(), bytes->end());
}

void sync_path(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const auto why = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    throw std::runtime_error(fmt::format("cannot sync {}: {}", path.string(), why));
  }
  ::close(fd);
}

// The file and its directory entry on disk before we go on.
void write_durably(const fs::path& file, const std::string& content) {
  {
    std::ofstream out(file, std::ios::trunc);
    out << content;
    if (!out.flush()) throw std::runtime_error("cannot write " + file.string());
  }
  sync_path(file, O_RDONLY);
  sync_path(file.parent_path(), O_RDONLY | O_DIRECTORY);
}

DatasetParams dataset_params(const fs::path& dir, const DatasetChoice& wanted, bool create) {
  const auto file = dir / "dataset.json";
  if (!fs::exists(file)) {
    if (!create) throw std::runtime_error(fmt::format("{} has no dataset.json: not a simulator state", dir.string()));
    DatasetParams p;
    p.customers = wanted.customers.value_or(5000);
    p.seed = wanted.seed.value_or(1);
    p.as_of = wanted.as_of;
    fs::create_directories(dir);
    write_durably(file, json{{"customers", p.customers}, {"seed", p.seed}, {"as_of", p.as_of}}.dump(2) + "\n");
    return p;
  }
  std::ifstream in(file);
  const auto j = json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.contains("customers") || !j.contains("seed") || !j.contains("as_of")) {
    throw std::runtime_error(file.string() + " is not a dataset description");
  }
  DatasetParams p{j["customers"].get<std::size_t>(), j["seed"].get<std::uint64_t>(), j["as_of"].get<YyyyMmDd>()};
  if (wanted.customers && *wanted.customers != p.customers) {
    throw std::runtime_error(fmt::format("{} holds {} customers, not {}", dir.string(), p.customers, *wanted.customers));
  }
  if (wanted.seed && *wanted.seed != p.seed) {
    throw std::runtime_error(fmt::format("{} was made with seed {}, not {}", dir.string(), p.seed, *wanted.seed));
  }
  return p;
}

std::optional<LedgerRecord> parse_record(const std::string& line) {
  const auto j = json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  try {
    return LedgerRecord{j.at("work_date").get<YyyyMmDd>(), j.at("txn_time").get<std::uint64_t>(),
                        bytes_of_hex(j.at("request").get<std::string>()), j.at("rsp_code").get<std::string>()};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

void replay(const fs::path& file, LoadedState& state) {
  std::ifstream in(file, std::ios::binary);
  const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::size_t start = 0, number = 0;
  while (start < content.size()) {
    const auto end = content.find('\n', start);
    ++number;
    if (end == std::string::npos) {
      // A line without its newline was torn by a crash mid-write: it was
      // never answered, and LedgerFile cuts it off before appending.
      state.warnings.push_back(fmt::format("ledger line {} is incomplete and was ignored", number));
      break;
    }
    const std::string line = content.substr(start, end - start);
    start = end + 1;
    const auto record = parse_record(line);
    if (!record) throw std::runtime_error(fmt::format("{} line {} is unreadable", file.string(), number));
    const auto message = sg186::decode_message(record->request);
    if (const auto* problem = std::get_if<std::string>(&message)) {
      throw std::runtime_error(fmt::format("{} line {}: {}", file.string(), number, *problem));
    }
    const auto answer = state.book.execute(std::get<sg186::Message>(message), record->work_date, record->txn_time);
    if (answer.rsp_code != record->rsp_code) {
      state.warnings.push_back(fmt::format("ledger line {} answered {} on replay, {} originally", number,
                                           answer.rsp_code, record->rsp_code));
    }
    ++state.replayed;
  }
}

// A line torn by a crash mid-write was never answered: cut it off so the
// next line starts clean.
void cut_torn_tail(const fs::path& path) {
  if (!fs::exists(path)) return;
  std::ifstream in(path, std::ios::binary);
  const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (content.empty() || content.back() == '\n') return;
  const auto end = content.rfind('\n');
  fs::resize_file(path, end == std::string::npos ? 0 : end + 1);
}

}  // namespace

LedgerFile::LedgerFile(const fs::path& path) : path_(path) {
  cut_torn_tail(path);
  fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) throw std::runtime_error(fmt::format("cannot open {}: {}", path.string(), std::strerror(errno)));
  sync_path(path.parent_path(), O_RDONLY | O_DIRECTORY);  // a new file's name is durable too
}

LedgerFile::~LedgerFile() {
  if (fd_ >= 0) ::close(fd_);
}

void LedgerFile::append(const LedgerRecord& r) {
  write(r);
  sync();
}

std::uint64_t LedgerFile::write(const LedgerRecord& r) {
  const std::string line = json{{"work_date", r.work_date},
                                {"txn_time", r.txn_time},
                                {"rsp_code", r.rsp_code},
                                {"request", hex_of(r.request)}}
                               .dump() +
                           "\n";
  std::size_t written = 0;
  while (written < line.size()) {
    const auto n = ::write(fd_, line.data() + written, line.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error(fmt::format("cannot write {}: {}", path_.string(), std::strerror(errno)));
    written += static_cast<std::size_t>(n);
  }
  return ++lines_;
}

void LedgerFile::sync() {
  if (::fdatasync(fd_) != 0) {
    throw std::runtime_error(fmt::format("cannot sync {}: {}", path_.string(), std::strerror(errno)));
  }
}

LoadedState load_state(const fs::path& dir, const DatasetChoice& wanted, bool create) {
  const auto params = dataset_params(dir, wanted, create);
  LoadedState state{Book(generate_dataset(params)), 0, {}};
  const auto ledger = dir / "ledger.jsonl";
  if (fs::exists(ledger)) replay(ledger, state);
  return state;
}

}  // namespace mstation::sim
