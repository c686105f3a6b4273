// mstation terminal add | list | disable | enable | rekey | reset-seq
#include <fmt/format.h>

#include <filesystem>
#include <optional>

#include <fstream>
#include <iostream>
#include <set>
#include <regex>

#include "admin_action.hpp"
#include "command.hpp"
#include "database.hpp"
#include "mstation/common/ip_address.hpp"
#include "mstation/common/split.hpp"
#include "mstation/hhu/crypto.hpp"
#include "mstation/keys/kek.hpp"
#include "mstation/store/terminal_store.hpp"
#include "mstation/store/working_key_store.hpp"

#include <spdlog/spdlog.h>

namespace mstation::cli {
namespace {

std::string tid_option(const Arguments& args) {
  auto tid = required(args, "tid");
  if (!std::regex_match(tid, std::regex("[0-9]{8}"))) throw UsageError("--tid must be 8 digits, got '" + tid + "'");
  return tid;
}

// A fresh TMK: sealed for the database, and in clear to hand over once —
// only after the database has committed it.
struct NewTmk {
  Bytes sealed;
  std::string kcv;
  std::string clear_hex;
  ~NewTmk() { cleanse(clear_hex.data(), clear_hex.size()); }
};

NewTmk make_tmk(const keys::KekRing& kek, const std::string& tid, hhu::Suite suite) {
  const auto tmk = hhu::generate_key(suite);
  return {kek.seal(tmk, "tmk:" + tid), hhu::key_check_value(suite, tmk), to_hex(tmk)};
}

// --tmk-out must name a new file: checked before anything is committed.
void check_tmk_out(const Arguments& args) {
  if (auto file = args.value("tmk-out"); file && std::filesystem::exists(*file)) {
    throw UsageError("--tmk-out " + *file + " exists; name a new file");
  }
}

void hand_over(const NewTmk& tmk, const std::string& tid, const Arguments& args) {
  if (auto file = args.value("tmk-out")) {
    try {
      keys::write_key_file(*file, tmk.clear_hex + " " + tmk.kcv);
    } catch (const std::exception& e) {
      throw std::runtime_error(std::string(e.what()) + "; the TMK of " + tid +
                               " is stored but was not handed over: run `mstation terminal rekey --tid " + tid + "`");
    }
    std::cout << "TMK written to " << *file << " (mode 0600); KCV " << tmk.kcv << "\n";
  } else {
    std::cout << "TMK " << tmk.clear_hex << "\nKCV " << tmk.kcv << "\n"
              << "Load this TMK into the handheld now; it is not shown again.\n";
  }
}

// What the admin journal row says about a terminal: never its TMK, only the KCV.
nlohmann::json described(const store::TerminalRecord& t) {
  return {{"tid", t.tid},       {"bound_ip", t.bound_ip}, {"suite", hhu::suite_name(t.suite)}, {"station", t.station},
          {"enabled", t.enabled}, {"tmk_kcv", t.tmk_kcv}, {"kek_id", t.kek_id}};
}

store::TerminalRecord locked(pqxx::transaction_base& tx, const std::string& tid) {
  auto t = store::lock_terminal(tx, tid);
  if (!t) throw std::runtime_error("terminal " + tid + " is not enrolled");
  return *t;
}

int add(const config::Config& config, const Arguments& args) {
  store::TerminalRecord t;
  t.tid = tid_option(args);
  t.bound_ip = required(args, "ip");
  if (!parse_address(t.bound_ip)) throw UsageError("--ip '" + t.bound_ip + "' is not an IP address");
  const auto suite = hhu::suite_from_name(required(args, "suite"));
  if (!suite) throw UsageError("--suite must be tdea or aes");
  t.suite = *suite;
  t.station = required(args, "station");
  check_tmk_out(args);
  const auto kek = keys::KekRing::load(config.keys.kek_file);
  const NewTmk tmk = make_tmk(kek, t.tid, t.suite);
  t.tmk_sealed = tmk.sealed;
  t.tmk_kcv = tmk.kcv;
  t.kek_id = kek.current_id();
  run_admin_action(config, args, [&](pqxx::transaction_base& tx, AdminAction& a) {
    if (store::find_terminal(tx, t.tid)) throw std::runtime_error("terminal " + t.tid + " is already enrolled");
    store::insert_terminal(tx, t);
    a.action = "terminal_add";
    a.tid = t.tid;
    a.after = described(t);
  });
  hand_over(tmk, t.tid, args);
  spdlog::info("terminal {} enrolled: ip={} suite={} station={}", t.tid, t.bound_ip, hhu::suite_name(t.suite),
               t.station);
  return exit_ok;
}

// One line of an import file: tid,ip,suite,station.
store::TerminalRecord import_row(const std::string& line, std::size_t number) {
  const auto fields = split(line, ',');
  const auto where = fmt::format("line {}: ", number);
  if (fields.size() != 4) throw UsageError(where + "expected tid,ip,suite,station");
  store::TerminalRecord t;
  t.tid = fields[0];
  if (!std::regex_match(t.tid, std::regex("[0-9]{8}"))) throw UsageError(where + "TID must be 8 digits");
  t.bound_ip = fields[1];
  if (!parse_address(t.bound_ip)) throw UsageError(where + "'" + t.bound_ip + "' is not an IP address");
  const auto suite = hhu::suite_from_name(fields[2]);
  if (!suite) throw UsageError(where + "suite must be tdea or aes");
  t.suite = *suite;
  t.station = fields[3];
  if (t.station.empty()) throw UsageError(where + "station is empty");
  return t;
}

std::vector<store::TerminalRecord> read_import_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw UsageError("cannot read " + path);
  std::vector<store::TerminalRecord> rows;
  std::set<std::string> seen;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#' || (number == 1 && line.rfind("tid,", 0) == 0)) continue;
    rows.push_back(import_row(line, number));
    if (!seen.insert(rows.back().tid).second) {
      throw UsageError(fmt::format("line {}: terminal {} appears twice", number, rows.back().tid));
    }
  }
  return rows;
}

// Enrolls a whole fleet in one transaction (all or none); the TMKs go to a
// new 0600 file, one "tid,tmk,kcv" line each, once the database committed.
int import_terminals(const config::Config& config, const Arguments& args) {
  if (args.positionals.size() < 2) throw UsageError("terminal import needs the CSV file");
  const auto tmk_out = args.value("tmk-out");
  if (!tmk_out) throw UsageError("terminal import needs --tmk-out FILE for the TMKs");
  check_tmk_out(args);
  auto rows = read_import_file(args.positionals[1]);
  const auto kek = keys::KekRing::load(config.keys.kek_file);
  std::string handover;
  for (auto& t : rows) {
    const NewTmk tmk = make_tmk(kek, t.tid, t.suite);
    t.tmk_sealed = tmk.sealed;
    t.tmk_kcv = tmk.kcv;
    t.kek_id = kek.current_id();
    handover += t.tid + "," + tmk.clear_hex + "," + tmk.kcv + "\n";
  }
  run_admin_action(config, args, [&](pqxx::transaction_base& tx, AdminAction& a) {
    a.action = "terminal_import";
    a.after["file"] = args.positionals[1];
    a.after["terminals"] = nlohmann::json::array();
    for (const auto& t : rows) {
      if (store::find_terminal(tx, t.tid)) throw std::runtime_error("terminal " + t.tid + " is already enrolled");
      store::insert_terminal(tx, t);
      a.after["terminals"].push_back(described(t));
    }
  });
  if (!handover.empty()) handover.pop_back();  // write_key_file ends the last line
  keys::write_key_file(*tmk_out, handover);
  cleanse(handover.data(), handover.size());
  std::cout << rows.size() << " terminals enrolled; TMKs written to " << *tmk_out << " (mode 0600)\n";
  spdlog::info("{} terminals enrolled by import from {}", rows.size(), args.positionals[1]);
  return exit_ok;
}

int list(const config::Config& config) {
  in_transaction(config, [](pqxx::work& tx) {
    std::cout << fmt::format("{:<8}  {:<15}  {:<5}  {:<7}  {:>5}  {:>10}  {:>4}  {:<6}  {}\n", "TID", "IP", "SUITE",
                             "ENABLED", "EPOCH", "HIGH_SEQ", "KVER", "KCV", "STATION");
    for (const auto& t : store::list_terminals(tx)) {
      std::cout << fmt::format("{:<8}  {:<15}  {:<5}  {:<7}  {:>5}  {:>10}  {:>4}  {:<6}  {}\n", t.tid, t.bound_ip,
                               hhu::suite_name(t.suite), t.enabled ? "yes" : "no", t.seq_epoch, t.highest_seq,
                               t.key_version, t.tmk_kcv, t.station);
    }
  });
  return exit_ok;
}

int set_enabled(const config::Config& config, const Arguments& args, bool enabled) {
  const auto tid = tid_option(args);
  run_admin_action(config, args, [&](pqxx::transaction_base& tx, AdminAction& a) {
    const auto t = locked(tx, tid);
    store::set_terminal_enabled(tx, tid, enabled);
    if (!enabled) store::void_working_keys(tx, tid, Clock::now());  // enabling again needs a sign-on
    a.action = enabled ? "terminal_enable" : "terminal_disable";
    a.tid = tid;
    a.before = {{"enabled", t.enabled}};
    a.after = {{"enabled", enabled}};
    if (!enabled) a.after["working_keys"] = "voided";
  });
  std::cout << "terminal " << tid << (enabled ? " enabled" : " disabled") << "\n";
  spdlog::info("terminal {} {}", tid, enabled ? "enabled" : "disabled");
  return exit_ok;
}

// A new TMK; the working keys wrapped under the old one stop working, so the
// handheld signs on again once the new TMK is loaded.
int rekey(const config::Config& config, const Arguments& args) {
  const auto tid = tid_option(args);
  check_tmk_out(args);
  const auto kek = keys::KekRing::load(config.keys.kek_file);
  std::optional<NewTmk> tmk;
  run_admin_action(config, args, [&](pqxx::transaction_base& tx, AdminAction& a) {
    const auto t = locked(tx, tid);
    tmk.emplace(make_tmk(kek, tid, t.suite));
    store::replace_tmk(tx, tid, tmk->sealed, tmk->kcv, kek.current_id());
    store::void_working_keys(tx, tid, Clock::now());
    a.action = "terminal_rekey";
    a.tid = tid;
    a.before = {{"tmk_kcv", t.tmk_kcv}, {"kek_id", t.kek_id}};
    a.after = {{"tmk_kcv", tmk->kcv}, {"kek_id", kek.current_id()}, {"working_keys", "voided"}};
  });
  hand_over(*tmk, tid, args);
  spdlog::info("terminal {} rekeyed; its working keys were voided", tid);
  return exit_ok;
}

int reset_seq(const config::Config& config, const Arguments& args) {
  const auto tid = tid_option(args);
  int epoch = 0;
  run_admin_action(config, args, [&](pqxx::transaction_base& tx, AdminAction& a) {
    const auto t = locked(tx, tid);
    epoch = store::start_new_seq_epoch(tx, tid).value();
    a.action = "terminal_reset_seq";
    a.tid = tid;
    a.before = {{"seq_epoch", t.seq_epoch}, {"highest_seq", t.highest_seq}};
    a.after = {{"seq_epoch", epoch}, {"highest_seq", 0}, {"working_keys", "voided"}};
    // Frames of the old epoch must not become new again: their keys die here
    // (and byte-identical ones are still found as retransmissions).
    store::void_working_keys(tx, tid, Clock::now());
  });
  std::cout << "terminal " << tid << ": SEQ epoch " << epoch
            << " started; any SEQ above 0 is accepted; the handheld must sign on again\n";
  spdlog::info("terminal {} SEQ reset: epoch {}", tid, epoch);
  return exit_ok;
}

}  // namespace

Command terminal_command() {
  CommandSpec spec{
      "terminal",
      "terminal add --tid TID --ip ADDR --suite tdea|aes --station NAME [--tmk-out FILE] --config FILE\n"
      "       mstation terminal import FILE.csv --tmk-out FILE --config FILE\n"
      "       mstation terminal list|disable|enable|rekey|reset-seq [--tid TID] --config FILE",
      "enroll and manage handheld terminals. add and rekey print the new TMK and its KCV once "
      "(or write them to --tmk-out, mode 0600, and print only the KCV). import enrolls every line "
      "tid,ip,suite,station of a CSV file in one transaction and writes tid,tmk,kcv lines to --tmk-out. "
      "Every change is journaled on the admin chain with who (--by, default the OS user) and why (--reason)",
      {config_option(),
       {"tid", true, "terminal id, 8 digits"},
       {"ip", true, "the terminal's fixed IP address (its SIM's)"},
       {"suite", true, "tdea (SUITE 01) or aes (SUITE 02)"},
       {"station", true, "the 供电所 the terminal belongs to"},
       {"tmk-out", true, "write the TMK to this new file instead of printing it"},
       by_option(),
       reason_option()},
      2};
  return {spec, [](const Arguments& args) {
            const auto action = action_of(args, {"add", "import", "list", "disable", "enable", "rekey", "reset-seq"});
            const auto config = load_config_for(args);
            if (!config) return int{exit_usage};
            if (action == "add") return add(*config, args);
            if (action == "import") return import_terminals(*config, args);
            if (action == "list") return list(*config);
            if (action == "disable" || action == "enable") return set_enabled(*config, args, action == "enable");
            if (action == "rekey") return rekey(*config, args);
            return reset_seq(*config, args);
          }};
}

}  // namespace mstation::cli
