#pragma once
// Reads one JSON object of the configuration into typed fields, recording a
// Problem (with the full key path) for every missing, ill-typed, out-of-range
// or unknown key instead of stopping at the first.
#include <cstdint>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "mstation/config/loader.hpp"

namespace mstation::config {

// Returns the reason a value is unacceptable, or nullopt if it is fine.
template <typename T>
using Check = std::function<std::optional<std::string>(const T&)>;

class ObjectReader {
 public:
  ObjectReader(const nlohmann::json& object, std::string path, std::vector<Problem>& problems);

  template <typename T>
  void required(const std::string& key, T& out, Check<T> check = {}) {
    read(key, out, check, true);
  }
  template <typename T>
  void optional(const std::string& key, T& out, Check<T> check = {}) {
    read(key, out, check, false);
  }

  // A nested object; nullopt (and a problem if required) when absent or not an object.
  std::optional<ObjectReader> section(const std::string& key, bool required);

  // Reports every key that no read asked for.
  void reject_unknown_keys();

  std::string path_of(const std::string& key) const;
  void problem(const std::string& key, std::string reason);

 private:
  template <typename T>
  void read(const std::string& key, T& out, const Check<T>& check, bool is_required);

  const nlohmann::json& object_;
  std::string path_;
  std::vector<Problem>& problems_;
  std::set<std::string> known_;
};

std::string json_type_name(const nlohmann::json& value);

// Typed conversion; the reason when the JSON value is not a T.
bool convert(const nlohmann::json& value, std::string& out, std::string& why);
bool convert(const nlohmann::json& value, bool& out, std::string& why);
bool convert(const nlohmann::json& value, std::int64_t& out, std::string& why);
bool convert(const nlohmann::json& value, int& out, std::string& why);
bool convert(const nlohmann::json& value, std::uint16_t& out, std::string& why);

template <typename T>
void ObjectReader::read(const std::string& key, T& out, const Check<T>& check, bool is_required) {
  known_.insert(key);
  const auto it = object_.find(key);
  if (it == object_.end()) {
    if (is_required) problem(key, "required key is missing");
    return;
  }
  T value{};
  std::string why;
  if (!convert(*it, value, why)) {
    problem(key, why);
    return;
  }
  if (check) {
    if (auto reason = check(value)) {
      problem(key, *reason);
      return;
    }
  }
  out = std::move(value);
}

// Common checks.
template <typename T>
Check<T> in_range(T low, T high) {
  return [low, high](const T& v) -> std::optional<std::string> {
    if (v < low || v > high) {
      return "must be between " + std::to_string(low) + " and " + std::to_string(high) +
             ", got " + std::to_string(v);
    }
    return std::nullopt;
  };
}
Check<std::string> not_empty();

}  // namespace mstation::config
