#include "mstation/sim/faults.hpp"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <nlohmann/json.hpp>

namespace mstation::sim {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

struct RateField {
  const char* name;
  double FaultPlan::*rate;
  Fault fault;
};

// In the order they are drawn.
constexpr RateField rate_fields[] = {
    {"down", &FaultPlan::down, Fault::down},
    {"hang", &FaultPlan::hang, Fault::hang},
    {"close_before", &FaultPlan::close_before, Fault::close_before},
    {"close_after_commit", &FaultPlan::close_after_commit, Fault::close_after_commit},
    {"garbage", &FaultPlan::garbage, Fault::garbage},
    {"wrong_serial", &FaultPlan::wrong_serial, Fault::wrong_serial},
};

std::optional<double> parse_rate(const std::string& text) {
  try {
    std::size_t used = 0;
    const double v = std::stod(text, &used);
    if (used != text.size() || v < 0 || v > 1) return std::nullopt;
    return v;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

template <typename T>
std::optional<T> parse_unsigned(const std::string& text) {
  T v{};
  if (text.empty() || std::from_chars(text.data(), text.data() + text.size(), v).ec != std::errc() ||
      std::to_string(v) != text) {
    return std::nullopt;
  }
  return v;
}

json to_json(const FaultPlan& p) {
  json j{{"latency", p.latency}, {"latency_ms", p.latency_ms}, {"work_date", p.work_date},
         {"generation", p.generation}, {"reversal_not_found", p.reversal_not_found}};
  for (const auto& f : rate_fields) j[f.name] = p.*(f.rate);
  const auto& t = p.statement;
  j["statement"] = {{"drop", t.drop}, {"amount", t.amount}, {"add", t.add}, {"not_ready", t.not_ready},
                    {"bad_totals", t.bad_totals}};
  return j;
}

StatementTweaks tweaks_from_json(const json& j) {
  StatementTweaks t;
  if (!j.is_object()) return t;
  t.drop = j.value("drop", std::set<std::string>{});
  t.amount = j.value("amount", std::map<std::string, std::uint64_t>{});
  t.add = j.value("add", 0u);
  t.not_ready = j.value("not_ready", false);
  t.bad_totals = j.value("bad_totals", false);
  return t;
}

std::optional<bool> parse_flag(const std::string& text) {
  if (text == "1") return true;
  if (text == "0") return false;
  return std::nullopt;
}

// statement_* settings: false when `name` is not one of them; `problem` set when the value is bad.
bool set_statement(StatementTweaks& t, const std::string& name, const std::string& value,
                   std::optional<std::string>& problem) {
  if (name == "statement_drop") {
    std::size_t start = 0;
    while (start <= value.size()) {
      const auto comma = std::min(value.find(',', start), value.size());
      const auto serial = value.substr(start, comma - start);
      if (serial.empty()) {
        problem = fmt::format("statement_drop: '{}' names an empty serial", value);
        return true;
      }
      t.drop.insert(serial);
      start = comma + 1;
    }
  } else if (name == "statement_amount") {
    const auto colon = value.rfind(':');
    const auto fen = colon == std::string::npos ? std::nullopt : parse_unsigned<std::uint64_t>(value.substr(colon + 1));
    if (!fen || colon == 0) {
      problem = fmt::format("statement_amount: '{}' is not SERIAL:FEN", value);
    } else {
      t.amount[value.substr(0, colon)] = *fen;
    }
  } else if (name == "statement_add") {
    const auto n = parse_unsigned<unsigned>(value);
    if (!n || *n > 1000) {
      problem = fmt::format("statement_add: '{}' is not a count up to 1000", value);
    } else {
      t.add = *n;
    }
  } else if (name == "statement_not_ready" || name == "statement_bad_totals") {
    const auto flag = parse_flag(value);
    if (!flag) {
      problem = fmt::format("{}: '{}' is neither 0 nor 1", name, value);
    } else {
      (name == "statement_not_ready" ? t.not_ready : t.bad_totals) = *flag;
    }
  } else {
    return false;
  }
  return true;
}

}  // namespace

const char* to_string(Fault fault) {
  switch (fault) {
    case Fault::none: return "none";
    case Fault::hang: return "hang";
    case Fault::close_before: return "close_before";
    case Fault::close_after_commit: return "close_after_commit";
    case Fault::garbage: return "garbage";
    case Fault::wrong_serial: return "wrong_serial";
    case Fault::down: return "down";
  }
  return "?";
}

std::optional<std::string> FaultPlan::set(const std::string& setting) {
  const auto eq = setting.find('=');
  if (eq == std::string::npos) return fmt::format("'{}' is not NAME=VALUE", setting);
  const std::string name = setting.substr(0, eq), value = setting.substr(eq + 1);
  if (name == "latency_ms" || name == "work_date") {
    const auto v = parse_unsigned<std::uint32_t>(value);
    if (!v) return fmt::format("{}: '{}' is not a whole number", name, value);
    if (name == "work_date" && *v != 0 && !is_valid_date(*v)) return fmt::format("work_date: {} is not YYYYMMDD", *v);
    (name == "latency_ms" ? latency_ms : work_date) = *v;
    return std::nullopt;
  }
  if (std::optional<std::string> problem; set_statement(statement, name, value, problem)) return problem;
  double* rate = name == "latency" ? &latency : name == "reversal_not_found" ? &reversal_not_found : nullptr;
  for (const auto& f : rate_fields) {
    if (name == f.name) rate = &(this->*(f.rate));
  }
  if (rate == nullptr) return fmt::format("unknown setting '{}'", name);
  const auto v = parse_rate(value);
  if (!v) return fmt::format("{}: '{}' is not a rate between 0 and 1", name, value);
  *rate = *v;
  return std::nullopt;
}

Fault FaultPlan::draw(Rng& rng) const {
  for (const auto& f : rate_fields) {
    const double rate = this->*(f.rate);
    if (rate > 0 && rng.unit() < rate) return f.fault;
  }
  return Fault::none;
}

std::string FaultPlan::describe() const {
  std::string out;
  for (const auto& f : rate_fields) {
    if (this->*(f.rate) > 0) out += fmt::format("{}={} ", f.name, this->*(f.rate));
  }
  if (latency > 0) out += fmt::format("latency={} latency_ms={} ", latency, latency_ms);
  if (work_date != 0) out += fmt::format("work_date={} ", work_date);
  if (reversal_not_found > 0) out += fmt::format("reversal_not_found={} ", reversal_not_found);
  for (const auto& serial : statement.drop) out += fmt::format("statement_drop={} ", serial);
  for (const auto& [serial, fen] : statement.amount) out += fmt::format("statement_amount={}:{} ", serial, fen);
  if (statement.add > 0) out += fmt::format("statement_add={} ", statement.add);
  if (statement.not_ready) out += "statement_not_ready=1 ";
  if (statement.bad_totals) out += "statement_bad_totals=1 ";
  return out.empty() ? "no faults" : out.substr(0, out.size() - 1);
}

fs::path control_file(const fs::path& dir) { return dir / "control.json"; }
fs::path control_ack_file(const fs::path& dir) { return dir / "control.applied"; }

namespace {

// Readers see the old content or the new, never half of it.
void replace_file(const fs::path& target, const std::string& text) {
  const auto temporary = fs::path(target.string() + ".tmp");
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << text;
    if (!out.flush()) throw std::runtime_error("cannot write " + temporary.string());
  }
  fs::rename(temporary, target);
}

}  // namespace

void write_plan(const fs::path& dir, const FaultPlan& plan) { replace_file(control_file(dir), to_json(plan).dump(2) + "\n"); }

std::optional<FaultPlan> read_plan(const fs::path& dir) {
  std::ifstream in(control_file(dir));
  if (!in) return std::nullopt;
  const auto j = json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  FaultPlan p;
  try {
    p.latency = j.value("latency", 0.0);
    p.latency_ms = j.value("latency_ms", 0u);
    p.work_date = j.value("work_date", 0u);
    p.generation = j.value("generation", std::uint64_t{0});
    p.reversal_not_found = j.value("reversal_not_found", 0.0);
    p.statement = tweaks_from_json(j.value("statement", json::object()));
    for (const auto& f : rate_fields) p.*(f.rate) = j.value(f.name, 0.0);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return p;
}

void acknowledge(const fs::path& dir, std::uint64_t generation) {
  try {
    replace_file(control_ack_file(dir), std::to_string(generation) + "\n");
  } catch (const std::exception&) {
    // Not fatal to the simulator: `control` then reports that nothing acknowledged.
  }
}

std::uint64_t acknowledged(const fs::path& dir) {
  std::ifstream in(control_ack_file(dir));
  std::uint64_t generation = 0;
  in >> generation;
  return generation;
}

}  // namespace mstation::sim
