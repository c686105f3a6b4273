#pragma once
// The KEK ring a running daemon uses, kept in step with the files on disk so
// that `mstation keys rotate-kek` needs no restart (docs/operations.md, KEK
// rotation). The ring is reloaded, whole or not at all:
//   - on SIGHUP (reload);
//   - when the KEK file, FILE.next or FILE.previous changed — another inode,
//     size, modification or status-change time — checked by the daemon every few seconds
//     (reload_if_changed);
//   - at once, when a stored key names a KEK the ring lacks (ring_with):
//     the rotation committed its re-sealing before the daemon's poll saw the
//     new files. At most once a second, so a key sealed under a KEK that is
//     truly gone costs no file reads per request.
// A reload that fails (a file refused, half-written) keeps the ring in force
// and says why. Thread-safe; each caller holds its ring (shared_ptr) for as
// long as it uses it.
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "mstation/keys/kek.hpp"

namespace mstation::keys {

class KekSource {
 public:
  // Loads the ring (throws as KekRing::load).
  explicit KekSource(std::filesystem::path kek_file);

  std::shared_ptr<const KekRing> current() const;

  struct Reload {
    bool changed = false;          // a new ring is in force
    std::optional<std::string> problem;  // the ring in force was kept: why (names a file, never a key)
  };
  Reload reload();
  Reload reload_if_changed();
  // The ring in force if it holds kek_id; else, at most once a second, the
  // files loaded again; the ring in force either way.
  std::shared_ptr<const KekRing> ring_with(const std::string& kek_id);

 private:
  struct Stamp {
    bool exists = false;
    std::uintmax_t inode = 0, size = 0;
    std::int64_t mtime_ns = 0, ctime_ns = 0;  // ctime: a chmod or chown counts as a change
    bool operator==(const Stamp&) const = default;
  };
  std::vector<Stamp> stamps() const;
  Reload load_locked();

  const std::filesystem::path file_;
  mutable std::mutex mutex_;
  std::shared_ptr<const KekRing> ring_;
  std::vector<Stamp> loaded_stamps_;
  std::chrono::steady_clock::time_point last_forced_{};
};

}  // namespace mstation::keys
