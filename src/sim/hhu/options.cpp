#include "options.hpp"

#include <map>

#include "step_arguments.hpp"
#include "usage.hpp"

namespace mstation::hhu_sim {
namespace {

void set_server(Options& o, const std::string& server) {
  const auto colon = server.rfind(':');
  if (colon == std::string::npos || colon == 0) throw UsageError("--server needs HOST:PORT");
  const auto port = number_field(server.substr(colon + 1), "the --server port");
  if (port < 1 || port > 65535) throw UsageError("--server port must be 1..65535");
  o.server_host = server.substr(0, colon);
  o.server_port = static_cast<std::uint16_t>(port);
}

Command command_of(const std::string& word) {
  if (word == "--help" || word == "-h") return Command::help;
  if (word == "run") return Command::run;
  if (word == "day") return Command::day;
  throw UsageError("unknown command '" + word + "'");
}

void check_complete(const Options& o) {
  if (o.command == Command::run && (o.tid.empty() || o.tmk_file.empty() || o.steps.empty())) {
    throw UsageError("--tid, --tmk-file and a STEP are required");
  }
  if (o.command == Command::run && !o.segment.empty())
    throw UsageError("--segment is for day (run names it in its steps)");
  if (o.command != Command::day) return;
  if (!o.steps.empty()) throw UsageError("day takes no STEP (unexpected '" + o.steps.front() + "')");
  if (o.tid.empty() || o.tmk_file.empty() || o.operator_id.empty() || o.segment.empty()) {
    throw UsageError("day needs --tid, --tmk-file, --operator and --segment");
  }
}

}  // namespace

Options parse_options(const std::vector<std::string>& args) {
  Options o;
  if (args.empty()) return o;
  o.command = command_of(args.front());
  if (o.command == Command::help) return o;
  const std::map<std::string, std::string*> values{{"--bind", &o.bind},
                                                   {"--tid", &o.tid},
                                                   {"--tmk-file", &o.tmk_file},
                                                   {"--state", &o.state_file},
                                                   {"--operator", &o.operator_id},
                                                   {"--segment", &o.segment}};
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& word = args[i];
    const bool has_value = i + 1 < args.size();
    if (word == "--server" || values.contains(word)) {
      if (!has_value) throw UsageError(word + " needs a value");
      if (word == "--server")
        set_server(o, args[++i]);
      else
        *values.at(word) = args[++i];
    } else if (word.starts_with("--")) {
      throw UsageError("unknown option " + word);
    } else {
      o.steps.push_back(word);
    }
  }
  check_complete(o);
  return o;
}

}  // namespace mstation::hhu_sim
