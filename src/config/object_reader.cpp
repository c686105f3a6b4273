#include "object_reader.hpp"

namespace mstation::config {

ObjectReader::ObjectReader(const nlohmann::json& object, std::string path,
                           std::vector<Problem>& problems)
    : object_(object), path_(std::move(path)), problems_(problems) {}

std::string ObjectReader::path_of(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

void ObjectReader::problem(const std::string& key, std::string reason) {
  problems_.push_back({path_of(key), std::move(reason)});
}

std::optional<ObjectReader> ObjectReader::section(const std::string& key, bool is_required) {
  known_.insert(key);
  const auto it = object_.find(key);
  if (it == object_.end()) {
    if (is_required) problem(key, "required section is missing");
    return std::nullopt;
  }
  if (!it->is_object()) {
    problem(key, "expected an object, got " + json_type_name(*it));
    return std::nullopt;
  }
  return ObjectReader(*it, path_of(key), problems_);
}

void ObjectReader::reject_unknown_keys() {
  for (const auto& item : object_.items()) {
    if (!known_.contains(item.key())) problem(item.key(), "unknown key");
  }
}

std::string json_type_name(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::object: return "an object";
    case nlohmann::json::value_t::array: return "an array";
    case nlohmann::json::value_t::string: return "a string";
    case nlohmann::json::value_t::boolean: return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return "an integer";
    case nlohmann::json::value_t::number_float: return "a fractional number";
    default: return "an unsupported value";
  }
}

bool convert(const nlohmann::json& value, std::string& out, std::string& why) {
  if (!value.is_string()) {
    why = "expected a string, got " + json_type_name(value);
    return false;
  }
  out = value.get<std::string>();
  return true;
}

bool convert(const nlohmann::json& value, bool& out, std::string& why) {
  if (!value.is_boolean()) {
    why = "expected true or false, got " + json_type_name(value);
    return false;
  }
  out = value.get<bool>();
  return true;
}

bool convert(const nlohmann::json& value, std::int64_t& out, std::string& why) {
  if (value.is_number_unsigned()) {
    const auto u = value.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      why = "integer is too large";
      return false;
    }
    out = static_cast<std::int64_t>(u);
    return true;
  }
  if (!value.is_number_integer()) {
    why = "expected an integer, got " + json_type_name(value);
    return false;
  }
  out = value.get<std::int64_t>();
  return true;
}

namespace {

template <typename Narrow>
bool convert_narrow(const nlohmann::json& value, Narrow& out, std::string& why) {
  std::int64_t wide = 0;
  if (!convert(value, wide, why)) return false;
  if (wide < std::numeric_limits<Narrow>::min() || wide > std::numeric_limits<Narrow>::max()) {
    why = "integer " + std::to_string(wide) + " is out of range";
    return false;
  }
  out = static_cast<Narrow>(wide);
  return true;
}

}  // namespace

bool convert(const nlohmann::json& value, int& out, std::string& why) {
  return convert_narrow(value, out, why);
}

bool convert(const nlohmann::json& value, std::uint16_t& out, std::string& why) {
  return convert_narrow(value, out, why);
}

Check<std::string> not_empty() {
  return [](const std::string& v) -> std::optional<std::string> {
    if (v.empty()) return "must not be empty";
    return std::nullopt;
  };
}

}  // namespace mstation::config
