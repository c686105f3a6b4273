// hhu-sim: a handheld terminal (抄收催一体机) on the command line, speaking
// HHU/1 from hhu-protocol.md through the same codec the tests use.
//
//   hhu-sim run --server 127.0.0.1:9000 --bind 127.0.0.2 --tid 51010001
//       --tmk-file 51010001.tmk [--state FILE] [--operator 0042] STEP...
//
// STEP is sign-on (password on standard input), echo, sign-off, or a query:
// arrears=CUSTOMER, outage=CUSTOMER, reading-tasks=SEGMENT,
// dunning-tasks=SEGMENT. With
// --state the SEQ and working keys are kept between runs (file mode 0600).
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/socket.h>

#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mstation/common/asio.hpp"
#include "mstation/hhu/terminal_client.hpp"

namespace {

using namespace mstation;
using nlohmann::json;

struct Options {
  std::string server_host = "127.0.0.1";
  std::uint16_t server_port = 9000;
  std::string bind = "127.0.0.2";
  std::string tid;
  std::string tmk_file;
  std::string state_file;
  std::string operator_id;
  std::vector<std::string> steps;
};

[[noreturn]] void usage(const std::string& problem) {
  if (!problem.empty()) std::cerr << "hhu-sim: " << problem << "\n";
  std::cerr << "usage: hhu-sim run --server HOST:PORT --bind IP --tid TID --tmk-file FILE [--state FILE]\n"
               "               [--operator ID] STEP...   (STEP: sign-on | echo | sign-off |\n"
               "               arrears=CUSTOMER | outage=CUSTOMER | reading-tasks=SEGMENT | dunning-tasks=SEGMENT)\n"
               "sign-on reads the operator's password from the first line of standard input.\n";
  std::exit(problem.empty() ? 0 : 2);
}

Options parse(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") usage("");
  if (std::string(argv[1]) != "run") usage("unknown command '" + std::string(argv[1]) + "'");
  Options o;
  std::map<std::string, std::string*> values{{"--bind", &o.bind},         {"--tid", &o.tid},
                                             {"--tmk-file", &o.tmk_file}, {"--state", &o.state_file},
                                             {"--operator", &o.operator_id}};
  for (int i = 2; i < argc; ++i) {
    const std::string word = argv[i];
    if (word == "--server" && i + 1 < argc) {
      const std::string server = argv[++i];
      const auto colon = server.rfind(':');
      if (colon == std::string::npos) usage("--server needs HOST:PORT");
      o.server_host = server.substr(0, colon);
      o.server_port = static_cast<std::uint16_t>(std::stoi(server.substr(colon + 1)));
    } else if (values.contains(word) && i + 1 < argc) {
      *values[word] = argv[++i];
    } else if (word.starts_with("--")) {
      usage("unknown option " + word);
    } else {
      o.steps.push_back(word);
    }
  }
  if (o.tid.empty() || o.tmk_file.empty() || o.steps.empty()) usage("--tid, --tmk-file and a STEP are required");
  return o;
}

hhu::TerminalClient load_terminal(const Options& o) {
  std::ifstream in(o.tmk_file);
  std::string hex;
  in >> hex;
  const auto tmk = from_hex(hex);
  if (!tmk || (tmk->size() != 24 && tmk->size() != 16)) usage(o.tmk_file + " does not start with a TMK in hex");
  hhu::TerminalClient terminal(o.tid, tmk->size() == 24 ? hhu::Suite::tdea : hhu::Suite::aes, to_secret(*tmk));
  if (o.state_file.empty()) return terminal;
  std::ifstream state_in(o.state_file);
  if (!state_in) return terminal;
  const auto state = json::parse(state_in);
  terminal.set_last_seq(state.value("last_seq", 0u));
  if (state.value("key_version", 0) > 0) {
    terminal.install_working_keys({static_cast<std::uint8_t>(state["key_version"].get<int>()),
                                   to_secret(*from_hex(state["tdk"].get<std::string>())),
                                   to_secret(*from_hex(state["tak"].get<std::string>()))});
  }
  return terminal;
}

void save_state(const Options& o, const hhu::TerminalClient& terminal) {
  if (o.state_file.empty()) return;
  json state{{"tid", o.tid}, {"last_seq", terminal.last_seq()}, {"key_version", 0}};
  if (const auto keys = terminal.working_keys()) {
    state["key_version"] = keys->version;
    state["tdk"] = to_hex(keys->tdk);
    state["tak"] = to_hex(keys->tak);
  }
  const int fd = ::open(o.state_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  const std::string text = state.dump(2) + "\n";
  if (fd < 0 || ::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
    std::cerr << "hhu-sim: cannot write " << o.state_file << "\n";
  }
  if (fd >= 0) ::close(fd);
}

// One short connection: connect from the terminal's address, send, read to EOF.
Bytes send_and_receive(const Options& o, const Bytes& request) {
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  const auto remote = asio::ip::tcp::endpoint(asio::ip::make_address(o.server_host), o.server_port);
  socket.open(remote.protocol());
  socket.bind(asio::ip::tcp::endpoint(asio::ip::make_address(o.bind), 0));
  const timeval timeout{60, 0};  // GPRS is slow, but not this slow
  ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  socket.connect(remote);
  asio::write(socket, asio::buffer(request));
  Bytes answer;
  boost::system::error_code ec;
  asio::read(socket, asio::dynamic_buffer(answer), ec);  // until the server closes
  return answer;
}

json printable_body(json body) {
  for (const char* secret : {"tdk", "tak"})
    if (body.contains(secret)) body[secret] = "***";
  return body;
}

struct Step {
  std::string name;
  std::uint16_t txn = 0;
  json body = json::object();
};

// "name" or "name=ARG": sign-on, sign-off, echo; arrears=CUSTOMER,
// outage=CUSTOMER, reading-tasks=SEGMENT, dunning-tasks=SEGMENT.
Step step_of(const Options& o, const std::string& word) {
  const auto eq = word.find('=');
  const std::string name = word.substr(0, eq);
  const std::string arg = eq == std::string::npos ? "" : word.substr(eq + 1);
  const std::map<std::string, std::pair<std::uint16_t, const char*>> with_argument{
      {"arrears", {0x0201, "customer_no"}},
      {"outage", {0x0303, "customer_no"}},
      {"reading-tasks", {0x0101, "segment_no"}},
      {"dunning-tasks", {0x0301, "segment_no"}},
  };
  if (const auto it = with_argument.find(name); it != with_argument.end()) {
    if (arg.empty()) usage("step '" + name + "' needs a value: " + name + "=...");
    return {name, it->second.first, {{it->second.second, arg}}};
  }
  if (name == "sign-on") {
    std::string password;
    std::getline(std::cin, password);
    return {name, 0x0001, {{"operator_id", o.operator_id}, {"password", password}}};
  }
  if (name == "sign-off") return {name, 0x0002};
  if (name == "echo") return {name, 0x0003};
  usage("unknown step '" + word + "'");
}

int run_step(const Options& o, hhu::TerminalClient& terminal, const std::string& word) {
  const Step step = step_of(o, word);
  const Bytes answer = send_and_receive(o, terminal.request(step.txn, step.body, Clock::now()));
  if (answer.empty()) {
    std::cout << step.name << ": no answer (the connection was closed)\n";
    return 1;
  }
  const auto response = terminal.open(answer);
  json details = printable_body(response.body);
  details.erase("code");
  details.erase("message");
  if (details.contains("tasks")) details["tasks"] = std::to_string(details["tasks"].size()) + " tasks";
  std::cout << step.name << " SEQ " << terminal.last_seq() << (response.secured ? "" : " (plain, advisory)") << ": "
            << response.code() << " " << response.body.value("message", "") << " " << details.dump() << "\n";
  return response.code() == "00" ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  try {
    auto terminal = load_terminal(options);
    int status = 0;
    for (const auto& step : options.steps) {
      status = std::max(status, run_step(options, terminal, step));
      save_state(options, terminal);
    }
    return status;
  } catch (const std::exception& e) {
    std::cerr << "hhu-sim: " << e.what() << "\n";
    return 1;
  }
}
