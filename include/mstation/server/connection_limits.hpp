#pragma once
// max_connections overall and max_connections_per_ip: a slot is taken at
// accept and given back when the connection ends (RAII).
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>

namespace mstation::server {

class ConnectionLimits : public std::enable_shared_from_this<ConnectionLimits> {
 public:
  enum class Refusal { total, per_ip };

  class Slot {
   public:
    Slot(std::shared_ptr<ConnectionLimits> owner, std::string ip) : owner_(std::move(owner)), ip_(std::move(ip)) {}
    ~Slot() { owner_->release(ip_); }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

   private:
    std::shared_ptr<ConnectionLimits> owner_;
    std::string ip_;
  };

  ConnectionLimits(std::size_t max_total, std::size_t max_per_ip) : max_total_(max_total), max_per_ip_(max_per_ip) {}

  // A slot, or why there is none.
  std::variant<std::unique_ptr<Slot>, Refusal> acquire(const std::string& ip);
  std::size_t active() const;

 private:
  void release(const std::string& ip);

  const std::size_t max_total_;
  const std::size_t max_per_ip_;
  mutable std::mutex mutex_;
  std::size_t total_ = 0;
  std::map<std::string, std::size_t> per_ip_;
};

}  // namespace mstation::server
