#include "mstation/keys/kek_source.hpp"

#include <sys/stat.h>

#include <spdlog/spdlog.h>

namespace mstation::keys {
namespace {

namespace fs = std::filesystem;
constexpr std::chrono::seconds forced_reload_spacing{1};

std::vector<fs::path> ring_files(const fs::path& file) {
  return {file, file.string() + ".next", file.string() + ".previous"};
}

}  // namespace

KekSource::KekSource(fs::path kek_file) : file_(std::move(kek_file)) {
  loaded_stamps_ = stamps();
  ring_ = std::make_shared<const KekRing>(KekRing::load(file_));
}

std::shared_ptr<const KekRing> KekSource::current() const {
  std::lock_guard lock(mutex_);
  return ring_;
}

// stat, not the content: cheap enough to call every few seconds.
std::vector<KekSource::Stamp> KekSource::stamps() const {
  std::vector<Stamp> out;
  for (const auto& path : ring_files(file_)) {
    struct stat st {};
    Stamp s;
    if (::lstat(path.c_str(), &st) == 0) {
      s.exists = true;
      s.inode = st.st_ino;
      s.size = static_cast<std::uintmax_t>(st.st_size);
      s.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
      s.ctime_ns = static_cast<std::int64_t>(st.st_ctim.tv_sec) * 1'000'000'000 + st.st_ctim.tv_nsec;
    }
    out.push_back(s);
  }
  return out;
}

KekSource::Reload KekSource::load_locked() {
  Reload result;
  const auto seen = stamps();
  try {
    auto fresh = std::make_shared<const KekRing>(KekRing::load(file_));
    ring_ = std::move(fresh);
    result.changed = true;
  } catch (const std::exception& e) {
    result.problem = e.what();  // KekRing::load names the file, never the key
  }
  loaded_stamps_ = seen;  // a refused set of files is not retried until it changes again
  return result;
}

KekSource::Reload KekSource::reload() {
  std::lock_guard lock(mutex_);
  return load_locked();
}

KekSource::Reload KekSource::reload_if_changed() {
  std::lock_guard lock(mutex_);
  if (stamps() == loaded_stamps_) return {};
  return load_locked();
}

std::shared_ptr<const KekRing> KekSource::ring_with(const std::string& kek_id) {
  std::lock_guard lock(mutex_);
  if (ring_->has(kek_id)) return ring_;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_forced_ >= forced_reload_spacing) {
    last_forced_ = now;
    const auto r = load_locked();
    if (r.problem) {
      spdlog::error("a stored key names KEK {}, not loaded; reading the KEK files again failed: {}", kek_id, *r.problem);
    } else if (!ring_->has(kek_id)) {
      spdlog::error("a stored key names KEK {}, which none of the KEK files holds", kek_id);
    } else {
      spdlog::info("KEK ring reloaded for a key sealed under KEK {}: current KEK {}", kek_id, ring_->current_id());
    }
  }
  return ring_;
}

}  // namespace mstation::keys
