#include "terminal_state.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>

#include "mstation/common/china_time.hpp"
#include "options.hpp"
#include "usage.hpp"

namespace mstation::hhu_sim {
namespace {

using nlohmann::json;

hhu::TerminalClient terminal_from_tmk(const Options& o) {
  std::ifstream in(o.tmk_file);
  std::string hex;
  in >> hex;  // the file may carry the KCV after the key
  const auto tmk = from_hex(hex);
  if (!tmk || (tmk->size() != 24 && tmk->size() != 16))
    throw UsageError(o.tmk_file + " does not start with a TMK in hex");
  return hhu::TerminalClient(o.tid, tmk->size() == 24 ? hhu::Suite::tdea : hhu::Suite::aes, to_secret(*tmk));
}

void restore(TerminalState& s, const json& state) {
  s.terminal.set_last_seq(state.value("last_seq", 0u));
  if (state.value("key_version", 0) > 0) {
    s.terminal.install_working_keys({static_cast<std::uint8_t>(state["key_version"].get<int>()),
                                     to_secret(*from_hex(state["tdk"].get<std::string>())),
                                     to_secret(*from_hex(state["tak"].get<std::string>()))});
  }
  if (state.contains("money")) s.money = MoneyLog::from_json(state["money"]);
  if (state.contains("card_counts")) s.card_counts = state["card_counts"].get<std::map<std::string, std::int64_t>>();
}

json state_json(const Options& o, const TerminalState& s) {
  json state{{"tid", o.tid}, {"last_seq", s.terminal.last_seq()}, {"key_version", 0}};
  if (const auto keys = s.terminal.working_keys()) {
    state["key_version"] = keys->version;
    state["tdk"] = to_hex(keys->tdk);
    state["tak"] = to_hex(keys->tak);
  }
  state["money"] = s.money.to_json();
  state["card_counts"] = s.card_counts;
  return state;
}

// The state holds the SEQ: a half-written file would make the next run reuse one.
bool replace_private_file(const std::string& path, const std::string& text) {
  const std::string temporary = path + ".tmp";
  ::unlink(temporary.c_str());  // a leftover would keep its own mode
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  const bool closed = ::close(fd) == 0;
  return written && closed && std::rename(temporary.c_str(), path.c_str()) == 0;
}

}  // namespace

TerminalState load_state(const Options& o) {
  TerminalState s{terminal_from_tmk(o), {}, {}};
  if (o.state_file.empty()) return s;
  std::ifstream in(o.state_file);
  if (in) restore(s, json::parse(in));
  return s;
}

void save_state(const Options& o, TerminalState& state) {
  state.money.keep_only(business_date(Clock::now()));
  if (o.state_file.empty()) return;
  if (!replace_private_file(o.state_file, state_json(o, state).dump(2) + "\n")) {
    std::cerr << "hhu-sim: cannot write " << o.state_file << "\n";
  }
}

}  // namespace mstation::hhu_sim
