// sg186-sim: the marketing system's side of the SG186 interface
// (sg186-interface.md), for tests, the demo, benchmarks and training.
//
//   sg186-sim --listen HOST:PORT --state DIR [--customers N --seed S]
//             [--work-date YYYYMMDD] [--fault NAME=RATE]... [--latency-ms N]
//   sg186-sim ledger --state DIR [--customer CONS_NO | --day YYYYMMDD | --serial S] [--json]
//   sg186-sim control --state DIR [--clear] [NAME=VALUE]...
//
// Exit status: 0 done, 1 runtime failure, 2 bad command line or state.
#include <csignal>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

#include "mstation/common/china_time.hpp"
#include "mstation/sim/faults.hpp"
#include "mstation/sim/ledger_file.hpp"
#include "mstation/sim/ledger_report.hpp"
#include "mstation/sim/sim_server.hpp"

namespace {

using namespace mstation;
using namespace mstation::sim;
namespace fs = std::filesystem;

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

constexpr const char* usage_text =
    "usage: sg186-sim --listen HOST:PORT --state DIR [--customers N] [--seed S]\n"
    "                 [--work-date YYYYMMDD] [--fault NAME=RATE]... [--latency-ms N]\n"
    "       sg186-sim ledger --state DIR [--customer CONS_NO | --day YYYYMMDD | --serial S] [--json]\n"
    "       sg186-sim control --state DIR [--clear] [NAME=VALUE]...\n"
    "       sg186-sim customers --state DIR   (those a prepayment is accepted for)\n"
    "faults: latency hang close_before close_after_commit garbage wrong_serial down reversal_not_found\n"
    "        (rates 0..1), latency_ms, work_date (0 = today in UTC+8)\n"
    "statement: statement_drop=SERIAL[,SERIAL] statement_amount=SERIAL:FEN statement_add=N\n"
    "        statement_not_ready=0|1 statement_bad_totals=0|1\n"
    "files DIR/statements/DZ_<AGENCY>_<YYYYMMDD>.txt are served as that day's statement, as they are\n";

// Flags with a value, and the bare words left over.
struct Words {
  std::map<std::string, std::vector<std::string>> flags;
  std::vector<std::string> bare;
  std::vector<std::string> switches;

  std::optional<std::string> one(const std::string& flag) const {
    const auto it = flags.find(flag);
    if (it == flags.end()) return std::nullopt;
    return it->second.back();
  }
  bool has(const std::string& s) const { return std::find(switches.begin(), switches.end(), s) != switches.end(); }
};

Words split_words(int argc, char** argv, int first, const std::vector<std::string>& switch_names) {
  Words w;
  for (int i = first; i < argc; ++i) {
    const std::string word = argv[i];
    if (std::find(switch_names.begin(), switch_names.end(), word) != switch_names.end()) {
      w.switches.push_back(word);
    } else if (word.rfind("--", 0) == 0) {
      if (i + 1 >= argc) throw UsageError(word + " needs a value");
      w.flags[word].push_back(argv[++i]);
    } else {
      w.bare.push_back(word);
    }
  }
  return w;
}

template <typename T>
T number(const std::string& flag, const std::string& text) {
  try {
    std::size_t used = 0;
    const auto v = std::stoull(text, &used);
    if (used != text.size()) throw std::invalid_argument(text);
    return static_cast<T>(v);
  } catch (const std::exception&) {
    throw UsageError(fmt::format("{}: '{}' is not a number", flag, text));
  }
}

YyyyMmDd today_in_china() { return business_date_number(Clock::now()); }

fs::path state_dir(const Words& w) {
  const auto dir = w.one("--state");
  if (!dir) throw UsageError("--state DIR is required");
  return *dir;
}

// DIR/statements/DZ_<AGENCY>_<YYYYMMDD>.txt: a day's statement to serve as it is.
std::size_t import_statements(const fs::path& dir, Book& book) {
  std::size_t imported = 0;
  if (!fs::is_directory(dir / "statements")) return 0;
  static const std::regex name(R"(DZ_([^_]+)_([0-9]{8})\.txt)");
  for (const auto& entry : fs::directory_iterator(dir / "statements")) {
    std::smatch m;
    const auto file_name = entry.path().filename().string();
    if (!std::regex_match(file_name, m, name)) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    book.import_statement(m[1].str(), number<YyyyMmDd>("statement file", m[2].str()), text.str());
    ++imported;
  }
  return imported;
}

int run_server(const Words& w) {
  const auto listen = w.one("--listen");
  if (!listen) throw UsageError("--listen HOST:PORT is required");
  const auto colon = listen->rfind(':');
  if (colon == std::string::npos) throw UsageError("--listen needs HOST:PORT");
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(listen->substr(0, colon), ec);
  if (ec) throw UsageError(fmt::format("--listen: '{}' is not an IP address", listen->substr(0, colon)));
  const auto port = number<std::uint16_t>("--listen", listen->substr(colon + 1));

  FaultPlan plan;
  if (const auto v = w.one("--work-date")) {
    if (auto problem = plan.set("work_date=" + *v)) throw UsageError(*problem);
  }
  if (const auto v = w.one("--latency-ms")) {
    if (auto problem = plan.set("latency_ms=" + *v)) throw UsageError(*problem);
  }
  if (const auto it = w.flags.find("--fault"); it != w.flags.end()) {
    for (const auto& setting : it->second) {
      if (auto problem = plan.set(setting)) throw UsageError("--fault " + *problem);
    }
  }
  DatasetChoice choice;
  if (const auto v = w.one("--customers")) choice.customers = number<std::size_t>("--customers", *v);
  if (const auto v = w.one("--seed")) choice.seed = number<std::uint64_t>("--seed", *v);
  choice.as_of = plan.work_date != 0 ? plan.work_date : today_in_china();
  const auto dir = state_dir(w);
  auto state = load_state(dir, choice, true);
  for (const auto& warning : state.warnings) std::cout << "sg186-sim: warning: " << warning << std::endl;
  std::cout << fmt::format("sg186-sim: {} customers in {} sections, {} ledger records replayed",
                           state.book.data().customers.size(), state.book.data().by_section.size(), state.replayed)
            << std::endl;
  if (const auto n = import_statements(dir, state.book); n > 0) {
    std::cout << fmt::format("sg186-sim: {} statement files imported from {}", n, (dir / "statements").string())
              << std::endl;
  }
  plan.generation = read_plan(dir).value_or(FaultPlan{}).generation + 1;

  asio::io_context io(1);
  SimOptions options;
  options.dir = dir;
  options.listen = asio::ip::tcp::endpoint(address, port);
  options.fault_seed = state.book.data().params.seed;
  SimServer server(io, options, state.book, plan);
  server.start();
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code, int) {
    std::cout << "sg186-sim: stopping" << std::endl;
    server.stop();
    io.stop();
  });
  io.run();
  return 0;
}

int run_ledger(const Words& w) {
  const auto dir = state_dir(w);
  const auto state = load_state(dir, DatasetChoice{}, false);
  const auto plan = read_plan(dir).value_or(FaultPlan{});
  const YyyyMmDd today = plan.work_date != 0 ? plan.work_date : today_in_china();
  nlohmann::json report;
  const auto customer = w.one("--customer"), day = w.one("--day"), serial = w.one("--serial");
  if (customer) {
    report = customer_report(state.book, *customer, today);
  } else if (day) {
    report = day_report(state.book, number<YyyyMmDd>("--day", *day));
  } else if (serial) {
    report = serial_report(state.book, *serial);
  } else {
    report = summary_report(state.book);
  }
  std::cout << (w.has("--json") ? report.dump() + "\n" : as_text(report));
  return report.is_null() ? 1 : 0;
}

// The customers a prepayment is accepted for (no card meter, nothing owed),
// one number a line: what a load generator pays.
int run_customers(const Words& w) {
  const auto state = load_state(state_dir(w), DatasetChoice{}, false);
  for (const auto& c : state.book.data().customers) {
    if (!c.card_meter && c.owe_fen() == 0) std::cout << c.cons_no << "\n";
  }
  return 0;
}

int run_control(const Words& w) {
  const auto dir = state_dir(w);
  if (!fs::exists(dir / "dataset.json")) throw UsageError(dir.string() + " is not a simulator state directory");
  FaultPlan plan = w.has("--clear") ? FaultPlan{} : read_plan(dir).value_or(FaultPlan{});
  plan.generation = read_plan(dir).value_or(FaultPlan{}).generation + 1;
  for (const auto& setting : w.bare) {
    if (auto problem = plan.set(setting)) throw UsageError(*problem);
  }
  write_plan(dir, plan);
  // A running simulator polls every 50 ms; wait for it to say it applied this.
  for (int i = 0; i < 100; ++i) {
    if (acknowledged(dir) >= plan.generation) {
      std::cout << "applied: " << plan.describe() << std::endl;
      return 0;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::cout << "written, not acknowledged within 5 s (is the simulator running?): " << plan.describe() << std::endl;
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string first = argc > 1 ? argv[1] : "";
  if (first.empty() || first == "--help" || first == "-h") {
    std::cout << usage_text;
    return first.empty() ? 2 : 0;
  }
  try {
    if (first == "ledger") return run_ledger(split_words(argc, argv, 2, {"--json"}));
    if (first == "customers") return run_customers(split_words(argc, argv, 2, {}));
    if (first == "control") return run_control(split_words(argc, argv, 2, {"--clear"}));
    const auto words = split_words(argc, argv, 1, {});
    if (!words.bare.empty()) throw UsageError("unexpected '" + words.bare.front() + "'");
    return run_server(words);
  } catch (const UsageError& e) {
    std::cerr << "sg186-sim: " << e.what() << "\n" << usage_text;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "sg186-sim: " << e.what() << "\n";
    return 2;
  }
}
