#include "load_options.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "mstation/common/split.hpp"
#include "usage.hpp"

namespace mstation::hhu_sim {
namespace {

double positive_number(const std::string& text, const std::string& what) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !(v > 0)) {
    throw UsageError(what + " must be a positive number, got '" + text + "'");
  }
  return v;
}

std::uint64_t positive_integer(const std::string& text, const std::string& what) {
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v == 0) {
    throw UsageError(what + " must be a positive integer, got '" + text + "'");
  }
  return v;
}

std::vector<std::pair<std::string, unsigned>> parse_mix(const std::string& text) {
  std::vector<std::pair<std::string, unsigned>> mix;
  for (const auto& part : split(text, ',')) {
    const auto eq = part.find('=');
    if (eq == std::string::npos) throw UsageError("--mix: '" + part + "' is not KIND=WEIGHT");
    const auto kind = part.substr(0, eq);
    if (std::find(std::begin(load_kinds), std::end(load_kinds), kind) == std::end(load_kinds)) {
      throw UsageError("--mix: unknown kind '" + kind + "'");
    }
    mix.emplace_back(kind, static_cast<unsigned>(positive_integer(part.substr(eq + 1), "--mix weight of " + kind)));
  }
  return mix;
}

void check_complete(const LoadOptions& o) {
  if (o.servers.empty()) throw UsageError("--server HOST:PORT is required");
  if (o.fleet_file.empty() || o.tmk_file.empty()) throw UsageError("--fleet and --tmk-file are required");
  if (o.operators_file.empty() == (o.operator_id.empty() || o.password.empty())) {
    throw UsageError("give either --operator and --password, or --operators");
  }
  if (o.customers_file.empty()) throw UsageError("--customers FILE is required");
  if (!o.open_loop() && o.terminals == 0) throw UsageError("give --terminals N (closed loop) or --rate R (open loop)");
  if ((o.duration_s > 0) == (o.count > 0)) throw UsageError("give exactly one of --duration and --count");
}

}  // namespace

LoadOptions parse_load_options(const std::vector<std::string>& args) {
  LoadOptions o;
  const std::map<std::string, std::string*> files{{"--fleet", &o.fleet_file},       {"--tmk-file", &o.tmk_file},
                                                  {"--operator", &o.operator_id},   {"--password", &o.password},
                                                  {"--operators", &o.operators_file}, {"--customers", &o.customers_file}};
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& word = args[i];
    if (word == "--json") {
      o.json = true;
      continue;
    }
    if (i + 1 >= args.size()) throw UsageError(word + (word.starts_with("--") ? " needs a value" : ": unexpected"));
    const auto& value = args[++i];
    if (files.contains(word)) {
      *files.at(word) = value;
    } else if (word == "--server") {
      const auto colon = value.rfind(':');
      if (colon == std::string::npos || colon == 0) throw UsageError("--server needs HOST:PORT");
      const auto port = positive_integer(value.substr(colon + 1), "the --server port");
      if (port > 65535) throw UsageError("--server port must be 1..65535");
      o.servers.emplace_back(value.substr(0, colon), static_cast<std::uint16_t>(port));
    } else if (word == "--terminals") {
      o.terminals = positive_integer(value, "--terminals");
    } else if (word == "--rate") {
      o.rate = positive_number(value, "--rate");
    } else if (word == "--duration") {
      o.duration_s = positive_number(value, "--duration");
    } else if (word == "--count") {
      o.count = positive_integer(value, "--count");
    } else if (word == "--mix") {
      o.mix = parse_mix(value);
    } else if (word == "--told") {
      o.told_file = value;
    } else if (word == "--retransmit") {
      o.retransmit = value == "0" ? 0 : static_cast<int>(std::min<std::uint64_t>(positive_integer(value, "--retransmit"), 1000));
    } else if (word == "--duplicates") {
      o.duplicates = value == "0" ? 0 : std::min<std::uint64_t>(positive_integer(value, "--duplicates"), 100);
    } else if (word == "--seed") {
      o.seed = value == "0" ? 0 : positive_integer(value, "--seed");
    } else if (word == "--amount-fen") {
      o.amount_fen = static_cast<std::int64_t>(positive_integer(value, "--amount-fen"));
    } else {
      throw UsageError("unknown option " + word);
    }
  }
  check_complete(o);
  return o;
}

}  // namespace mstation::hhu_sim
