// Reading a tariffs file:
//   { "tariffs": [ { "code": "RESTIER",
//                    "tiers": [ {"up_to_kwh": 180, "price": 5224}, {"up_to_kwh": 280, "price": 6224},
//                               {"price": 8224} ],
//                    "seasonal": { "months": [7, 8, 9], "up_to_kwh": [260, 360] } },
//                  { "code": "LVBUS", "tiers": [ {"price": 8000} ] } ] }
#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "mstation/tariff/tariff.hpp"

namespace mstation::tariff {
namespace {

using nlohmann::json;

constexpr std::int64_t max_price = 1'000'000;  // 100 元 per kWh: anything above is a typo
constexpr std::int64_t max_threshold = 1'000'000;

std::optional<std::int64_t> positive(const json& j, const char* key, std::int64_t max) {
  if (!j.contains(key) || !j[key].is_number_integer()) return std::nullopt;
  const auto v = j[key].get<std::int64_t>();
  if (v <= 0 || v > max) return std::nullopt;
  return v;
}

std::optional<std::string> read_tiers(const json& list, const std::string& at, Tariff& t) {
  if (!list.is_array() || list.empty()) return at + ".tiers: a non-empty list is required";
  std::int64_t previous = 0;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto where = fmt::format("{}.tiers[{}]", at, i);
    Tier tier;
    const auto price = positive(list[i], "price", max_price);
    if (!price) return where + ".price: a whole number 1..1000000 (0.0001 元 per kWh) is required";
    tier.price = *price;
    const bool last = i + 1 == list.size();
    if (list[i].contains("up_to_kwh")) {
      const auto up_to = positive(list[i], "up_to_kwh", max_threshold);
      if (!up_to || *up_to <= previous) return where + ".up_to_kwh: must be a whole number above the previous tier's";
      if (last) return where + ".up_to_kwh: the last tier is open-ended";
      tier.up_to_kwh = previous = *up_to;
    } else if (!last) {
      return where + ".up_to_kwh: required on every tier but the last";
    }
    t.tiers.push_back(tier);
  }
  return std::nullopt;
}

std::optional<std::string> read_seasonal(const json& s, const std::string& at, Tariff& t) {
  Seasonal seasonal;
  if (!s.is_object() || !s.contains("months") || !s["months"].is_array() || s["months"].empty()) {
    return at + ".seasonal.months: a non-empty list of months 1..12 is required";
  }
  for (const auto& m : s["months"]) {
    if (!m.is_number_integer() || m.get<int>() < 1 || m.get<int>() > 12) return at + ".seasonal.months: 1..12";
    seasonal.months.push_back(m.get<unsigned>());
  }
  if (!s.contains("up_to_kwh") || !s["up_to_kwh"].is_array() || s["up_to_kwh"].size() != t.tiers.size() - 1) {
    return at + ".seasonal.up_to_kwh: one threshold per tier but the last is required";
  }
  std::int64_t previous = 0;
  for (const auto& v : s["up_to_kwh"]) {
    if (!v.is_number_integer() || v.get<std::int64_t>() <= previous || v.get<std::int64_t>() > max_threshold) {
      return at + ".seasonal.up_to_kwh: increasing whole numbers are required";
    }
    previous = v.get<std::int64_t>();
    seasonal.up_to_kwh.push_back(previous);
  }
  t.seasonal = std::move(seasonal);
  return std::nullopt;
}

}  // namespace

std::variant<TariffBook, std::string> TariffBook::parse(const std::string& json_text) {
  const auto doc = json::parse(json_text, nullptr, false, /*ignore_comments=*/true);
  if (doc.is_discarded() || !doc.is_object()) return std::string("not a JSON object");
  if (!doc.contains("tariffs") || !doc["tariffs"].is_array()) return std::string("tariffs: a list is required");
  TariffBook book;
  for (std::size_t i = 0; i < doc["tariffs"].size(); ++i) {
    const auto& entry = doc["tariffs"][i];
    const auto at = fmt::format("tariffs[{}]", i);
    Tariff t;
    if (!entry.is_object() || !entry.contains("code") || !entry["code"].is_string() ||
        entry["code"].get<std::string>().empty() || entry["code"].get<std::string>().size() > 8) {
      return at + ".code: 1 to 8 characters are required";
    }
    t.code = entry["code"].get<std::string>();
    if (auto problem = read_tiers(entry.value("tiers", json()), at, t)) return *problem;
    if (entry.contains("seasonal")) {
      if (auto problem = read_seasonal(entry["seasonal"], at, t)) return *problem;
    }
    if (book.tariffs_.count(t.code) != 0) return at + ".code: '" + t.code + "' appears twice";
    book.tariffs_[t.code] = std::move(t);
  }
  return book;
}

std::variant<TariffBook, std::string> TariffBook::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return "cannot read " + path;
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = parse(text.str());
  if (auto* problem = std::get_if<std::string>(&parsed)) return path + ": " + *problem;
  return parsed;
}

}  // namespace mstation::tariff
