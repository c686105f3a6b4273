#pragma once
// The terminal listener's allow-list: IPv4/IPv6 addresses and CIDRs, one per
// line, '#' comments. Checked right after accept, before a byte is read.
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

#include "mstation/common/asio.hpp"

namespace mstation::server {

struct Network {
  asio::ip::address base;
  unsigned prefix = 0;  // bits
  bool contains(const asio::ip::address& address) const;
};

class Allowlist {
 public:
  // The list, or "line N: 'text': reason".
  static std::variant<Allowlist, std::string> parse(std::string_view text);
  static std::variant<Allowlist, std::string> load(const std::filesystem::path& file);

  bool allows(const asio::ip::address& address) const;
  std::size_t size() const { return networks_.size(); }

 private:
  std::vector<Network> networks_;
};

// The list in force, swapped whole on SIGHUP; readers get a consistent list.
class AllowlistHolder {
 public:
  explicit AllowlistHolder(Allowlist list) : list_(std::make_shared<const Allowlist>(std::move(list))) {}
  std::shared_ptr<const Allowlist> current() const {
    std::lock_guard lock(mutex_);
    return list_;
  }
  void replace(Allowlist list) {
    auto fresh = std::make_shared<const Allowlist>(std::move(list));
    std::lock_guard lock(mutex_);
    list_ = std::move(fresh);
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const Allowlist> list_;
};

}  // namespace mstation::server
