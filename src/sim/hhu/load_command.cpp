#include "load_command.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "latency_histogram.hpp"
#include "load_fleet.hpp"
#include "mstation/common/asio.hpp"
#include "mstation/common/hex.hpp"
#include "mstation/common/sha256.hpp"
#include "requests.hpp"

namespace mstation::hhu_sim {
namespace {

using tcp = asio::ip::tcp;
using Steady = std::chrono::steady_clock;
constexpr auto exchange_deadline = std::chrono::seconds(60);
constexpr std::size_t max_answer_bytes = 70'000;

struct KindStats {
  LatencyHistogram latency;
  std::map<std::string, std::uint64_t> codes;
};

// A terminal's own memory between requests: its last approved charge, for reverse.
struct Charge {
  std::uint32_t seq = 0;
  std::string customer;
  std::int64_t amount_fen = 0;
};

// The first 8 bytes of an answer's SHA-256, for --told: retransmissions of
// one request must all get the same bytes.
std::string digest_of_answer(const Bytes& answer) {
  const auto d = sha256(std::span<const std::uint8_t>(answer));
  return to_hex(std::span<const std::uint8_t>(d.data(), 8));
}

// What the terminal learned from one answer: its code, and whether it is final.
struct Heard {
  std::string code = "no_answer";
  bool secured = false;
  nlohmann::json body;
};

class LoadRun {
 public:
  LoadRun(const LoadOptions& o, Fleet& fleet)
      : o_(o), fleet_(fleet) {
    for (const auto& [host, port] : o.servers) remotes_.emplace_back(asio::ip::make_address(host), port);
    if (!o.told_file.empty()) {
      told_.open(o.told_file, std::ios::app);
      if (!told_) throw std::runtime_error("cannot write --told file " + o.told_file);
    }
    for (const auto& [kind, weight] : o.mix) {
      total_weight_ += weight;
      cumulative_.emplace_back(total_weight_, kind);
    }
  }

  int run();
  void print(std::ostream& out) const;
  nlohmann::json summary() const;

 private:
  asio::awaitable<Bytes> exchange(std::string ip, Bytes request, std::size_t server);
  // Sends `request` until it is answered or --retransmit is spent, then the
  // --duplicates extra copies; every answer's digest goes to `answers`.
  asio::awaitable<Heard> deliver(LoadTerminal& t, std::size_t index, const Bytes& request, std::mt19937_64& rng,
                                 int& sends, std::vector<std::string>& answers);
  Heard hear(LoadTerminal& t, const Bytes& answer);
  void write_told(const LoadTerminal& t, std::uint32_t seq, const std::string& kind, const Step& step,
                  const Heard& heard, int sends, const std::vector<std::string>& answers);
  asio::awaitable<void> sign_on(LoadTerminal& t, std::size_t index);
  asio::awaitable<void> drive(std::size_t index);
  asio::awaitable<void> one_request(LoadTerminal& t, std::size_t index, std::optional<Charge>& last,
                                    std::mt19937_64& rng, Steady::time_point due);
  asio::awaitable<void> progress();
  std::string pick_kind(std::mt19937_64& rng) const;
  Step step_for(const std::string& kind, const std::optional<Charge>& last, std::mt19937_64& rng) const;
  bool take_ticket(Steady::time_point now);
  double elapsed_s() const { return std::chrono::duration<double>(finished_ - started_).count(); }

  const LoadOptions& o_;
  Fleet& fleet_;
  std::vector<tcp::endpoint> remotes_;
  std::ofstream told_;
  asio::io_context io_{1};
  std::vector<std::pair<unsigned, std::string>> cumulative_;
  unsigned total_weight_ = 0;
  Steady::time_point started_, ends_, finished_;
  std::uint64_t issued_ = 0, completed_ = 0, approved_ = 0;
  std::size_t signed_on_ = 0, running_ = 0;
  std::map<std::string, KindStats> kinds_;
  KindStats all_;
};

asio::awaitable<Bytes> LoadRun::exchange(std::string ip, Bytes request, std::size_t server) {
  const auto& remote = remotes_[server % remotes_.size()];
  tcp::socket socket(io_);
  boost::system::error_code ec;
  socket.open(remote.protocol(), ec);
  if (!ec) socket.bind(tcp::endpoint(asio::ip::make_address(ip), 0), ec);
  if (ec) co_return Bytes{};
  asio::steady_timer deadline(io_, exchange_deadline);
  deadline.async_wait([&socket](boost::system::error_code e) {
    if (!e) socket.close();
  });
  co_await socket.async_connect(remote, asio::redirect_error(asio::use_awaitable, ec));
  Bytes answer;
  if (!ec) {
    co_await asio::async_write(socket, asio::buffer(request), asio::redirect_error(asio::use_awaitable, ec));
    // Read even after a failed write: a refusal may have been sent. EOF ends the answer.
    co_await asio::async_read(socket, asio::dynamic_buffer(answer, max_answer_bytes),
                              asio::redirect_error(asio::use_awaitable, ec));
  }
  deadline.cancel();
  co_return answer;
}

// A terminal that ran before has used SEQs this client does not remember:
// its first sign-on is refused A2 with next_seq, which open() adopts, and the
// second goes through — as a handheld after a cold start does.
asio::awaitable<void> LoadRun::sign_on(LoadTerminal& t, std::size_t index) {
  const auto step = hhu_sim::sign_on(t.operator_id, t.password);
  std::mt19937_64 rng(index);
  for (int attempt = 0; attempt < 2; ++attempt) {
    int sends = 0;
    std::vector<std::string> answers;
    const auto request = t.client.request(step.txn, step.body, Clock::now());
    const auto heard = co_await deliver(t, index, request, rng, sends, answers);
    try {
      const auto& code = heard.code;
      if (code == "00") {
        ++signed_on_;
        co_return;
      }
      if (code != "A2") {
        std::cerr << "hhu-sim load: sign-on of " << t.client.tid() << ": " << code << "\n";
        co_return;
      }
    } catch (const std::exception& e) {
      std::cerr << "hhu-sim load: sign-on of " << t.client.tid() << ": " << e.what() << "\n";
      co_return;
    }
  }
}

std::string LoadRun::pick_kind(std::mt19937_64& rng) const {
  const auto r = static_cast<unsigned>(rng() % total_weight_);
  for (const auto& [upto, kind] : cumulative_) {
    if (r < upto) return kind;
  }
  return cumulative_.back().second;
}

Step LoadRun::step_for(const std::string& kind, const std::optional<Charge>& last, std::mt19937_64& rng) const {
  const auto& customer = fleet_.customers[rng() % fleet_.customers.size()];
  if (kind == "reverse" && last) return reversal(last->seq, last->customer, last->amount_fen);
  if (kind == "payment") return payment(customer, o_.amount_fen);
  if (kind == "query") return arrears_query(customer);
  if (kind == "reading") return reading_tasks(fmt::format("S{:04}", rng() % 20 + 1), {});
  if (kind == "echo") return echo();
  if (kind == "stats") return collection_stats(std::nullopt);
  return prepayment(customer, o_.amount_fen);  // pay, and reverse with nothing to reverse
}

// Whether another request may start (count or duration not yet reached).
bool LoadRun::take_ticket(Steady::time_point now) {
  if (o_.count > 0 ? issued_ >= o_.count : now >= ends_) return false;
  ++issued_;
  return true;
}

Heard LoadRun::hear(LoadTerminal& t, const Bytes& answer) {
  Heard heard;
  if (answer.empty()) return heard;
  try {
    const auto response = t.client.open(answer);
    heard.code = response.code();
    heard.secured = response.secured;
    heard.body = response.body;
  } catch (const std::exception&) {
    heard.code = "bad_response";
  }
  return heard;
}

// A handheld that hears nothing sends the same bytes again (hhu-protocol.md
// §4): a lost answer is learned from the station's stored one. The pause
// grows from 250 ms to 2 s; each try goes to the next server in turn, as a
// handheld behind two stations' addresses would fail over.
asio::awaitable<Heard> LoadRun::deliver(LoadTerminal& t, std::size_t index, const Bytes& request,
                                        std::mt19937_64& rng, int& sends, std::vector<std::string>& answers) {
  Heard heard;
  auto pause = std::chrono::milliseconds(250);
  asio::steady_timer timer(io_);
  for (int attempt = 0; attempt <= o_.retransmit; ++attempt) {
    if (attempt > 0) {
      timer.expires_after(pause);
      co_await timer.async_wait(asio::use_awaitable);
      pause = std::min(pause * 2, std::chrono::milliseconds(2000));
    }
    const auto answer = co_await exchange(t.ip, request, index + static_cast<std::size_t>(attempt));
    ++sends;
    heard = hear(t, answer);
    if (heard.secured) answers.push_back(digest_of_answer(answer));
    if (heard.code != "no_answer" && heard.code != "bad_response") break;
  }
  const auto extra = o_.duplicates > 0 ? rng() % o_.duplicates + 1 : 0;
  for (std::uint64_t i = 0; i < extra; ++i) {
    const auto answer = co_await exchange(t.ip, request, index + i + 1);
    ++sends;
    const auto again = hear(t, answer);
    if (again.secured) answers.push_back(digest_of_answer(answer));
    if (heard.code == "no_answer" || heard.code == "bad_response") heard = again;
  }
  co_return heard;
}

void LoadRun::write_told(const LoadTerminal& t, std::uint32_t seq, const std::string& kind, const Step& step,
                         const Heard& heard, int sends, const std::vector<std::string>& answers) {
  if (!told_.is_open()) return;
  nlohmann::json line{{"tid", t.client.tid()}, {"seq", seq},           {"txn", fmt::format("{:04X}", step.txn)},
                      {"kind", kind},          {"code", heard.code},   {"secured", heard.secured},
                      {"sends", sends},        {"answers", answers}};
  for (const char* field : {"customer_no", "amount_fen", "orig_seq"}) {
    if (step.body.contains(field)) line[field] = step.body[field];
  }
  for (const char* field : {"txn_id", "serial"}) {
    if (heard.body.contains(field)) line[field] = heard.body[field];
  }
  told_ << line.dump() << "\n";
  told_.flush();  // read by the checker even if this process is killed
}

asio::awaitable<void> LoadRun::one_request(LoadTerminal& t, std::size_t index, std::optional<Charge>& last,
                                           std::mt19937_64& rng, Steady::time_point due) {
  const auto kind = pick_kind(rng);
  const auto step = step_for(kind, last, rng);
  const auto request = t.client.request(step.txn, step.body, Clock::now());
  const auto seq = t.client.last_seq();
  int sends = 0;
  std::vector<std::string> answers;
  const auto heard = co_await deliver(t, index, request, rng, sends, answers);
  const auto latency = Steady::now() - due;  // from when it was due: no coordinated omission
  const auto& code = heard.code;
  if (code == "00" && (step.txn == txn::prepayment || step.txn == txn::payment)) {
    last = Charge{seq, step.body.value("customer_no", ""), o_.amount_fen};
  } else if (code == "00" && step.txn == txn::reversal) {
    last.reset();
  }
  write_told(t, seq, kind, step, heard, sends, answers);
  for (auto* stats : {&kinds_[kind], &all_}) {
    stats->latency.record(latency);
    ++stats->codes[code];
  }
  ++completed_;
  if (code == "00") ++approved_;
}

asio::awaitable<void> LoadRun::drive(std::size_t index) {
  auto& t = fleet_.terminals[index];
  std::mt19937_64 rng(o_.seed * 1000003 + index + 1);
  std::optional<Charge> last;
  const auto n = static_cast<double>(fleet_.terminals.size());
  const auto interval = o_.open_loop() ? std::chrono::duration_cast<Steady::duration>(std::chrono::duration<double>(n / o_.rate))
                                       : Steady::duration::zero();
  auto due = started_ + interval * static_cast<long>(index) / static_cast<long>(fleet_.terminals.size());
  asio::steady_timer timer(io_);
  while (true) {
    if (o_.open_loop() && Steady::now() < due) {
      timer.expires_at(due);
      co_await timer.async_wait(asio::use_awaitable);
    }
    const auto now = Steady::now();
    if (!take_ticket(o_.open_loop() ? due : now)) break;
    co_await one_request(t, index, last, rng, o_.open_loop() ? due : now);
    due += interval;
  }
  if (--running_ == 0) {
    finished_ = Steady::now();
    io_.stop();
  }
}

asio::awaitable<void> LoadRun::progress() {
  asio::steady_timer tick(io_);
  while (true) {
    tick.expires_after(std::chrono::seconds(1));
    co_await tick.async_wait(asio::use_awaitable);
    const double s = std::chrono::duration<double>(Steady::now() - started_).count();
    std::cerr << fmt::format("\r  {:6.1f} s  {:>8} done  {:>8.0f}/s  p99 {:>7.1f} ms  not 00: {:<8}", s, completed_,
                             static_cast<double>(completed_) / s, static_cast<double>(all_.latency.at(0.99).count()) / 1000.0,
                             completed_ - approved_)
              << std::flush;
  }
}

int LoadRun::run() {
  for (std::size_t i = 0; i < fleet_.terminals.size(); ++i) asio::co_spawn(io_, sign_on(fleet_.terminals[i], i), asio::detached);
  io_.run();
  io_.restart();
  if (signed_on_ != fleet_.terminals.size()) {
    std::cerr << fmt::format("hhu-sim load: {} of {} terminals signed on\n", signed_on_, fleet_.terminals.size());
    return 1;
  }
  // Said before the load starts: a chaos run begins its faults on this line.
  std::cerr << fmt::format("hhu-sim load: {} terminals signed on; load starts\n", signed_on_) << std::flush;
  started_ = Steady::now();
  ends_ = started_ + std::chrono::duration_cast<Steady::duration>(std::chrono::duration<double>(o_.duration_s));
  running_ = fleet_.terminals.size();
  for (std::size_t i = 0; i < fleet_.terminals.size(); ++i) asio::co_spawn(io_, drive(i), asio::detached);
  if (::isatty(STDERR_FILENO) != 0) asio::co_spawn(io_, progress(), asio::detached);
  io_.run();
  if (::isatty(STDERR_FILENO) != 0) std::cerr << "\n";
  return 0;
}

nlohmann::json latency_json(const LatencyHistogram& h) {
  const auto ms = [&](double q) { return static_cast<double>(h.at(q).count()) / 1000.0; };
  return {{"p50", ms(0.5)},   {"p90", ms(0.9)},  {"p99", ms(0.99)},
          {"p99_9", ms(0.999)}, {"max", static_cast<double>(h.max().count()) / 1000.0}};
}

nlohmann::json LoadRun::summary() const {
  nlohmann::json mix = nlohmann::json::object();
  for (const auto& [kind, weight] : o_.mix) mix[kind] = weight;
  nlohmann::json by_kind = nlohmann::json::object();
  for (const auto& [kind, stats] : kinds_) {
    by_kind[kind] = {{"count", stats.latency.count()}, {"latency_ms", latency_json(stats.latency)},
                     {"codes", stats.codes}};
  }
  const double s = elapsed_s();
  return {{"mode", o_.open_loop() ? "open" : "closed"},
          {"terminals", fleet_.terminals.size()},
          {"rate", o_.rate},
          {"mix", mix},
          {"seconds", s},
          {"completed", completed_},
          {"approved", approved_},
          {"tps", s > 0 ? static_cast<double>(completed_) / s : 0.0},
          {"latency_ms", latency_json(all_.latency)},
          {"codes", all_.codes},
          {"by_kind", by_kind}};
}

void LoadRun::print(std::ostream& out) const {
  const auto j = summary();
  const auto& l = j["latency_ms"];
  out << fmt::format("hhu-sim load: {} loop, {} terminals{}, {:.1f} s\n", j["mode"].get<std::string>(),
                     fleet_.terminals.size(), o_.open_loop() ? fmt::format(" at {:.0f}/s", o_.rate) : "",
                     j["seconds"].get<double>());
  out << fmt::format("  completed {}  approved {}  tps {:.1f}\n", completed_, approved_, j["tps"].get<double>());
  out << fmt::format("  latency ms  p50 {}  p90 {}  p99 {}  p99.9 {}  max {}\n", l["p50"].dump(), l["p90"].dump(),
                     l["p99"].dump(), l["p99_9"].dump(), l["max"].dump());
  out << "  codes ";
  for (const auto& [code, n] : all_.codes) out << " " << code << "=" << n;
  out << "\n";
  for (const auto& [kind, stats] : kinds_) {
    out << fmt::format("  {:<8} {:>8}  p99 {:.1f} ms\n", kind, stats.latency.count(),
                       static_cast<double>(stats.latency.at(0.99).count()) / 1000.0);
  }
}

}  // namespace

int run_load(const std::vector<std::string>& args) {
  const auto options = parse_load_options(args);
  auto fleet = load_fleet(options);
  LoadRun run(options, fleet);
  const int status = run.run();
  if (status != 0) return status;
  if (options.json) {
    std::cout << run.summary().dump() << "\n";
  } else {
    run.print(std::cout);
  }
  return 0;
}

}  // namespace mstation::hhu_sim
