// SG186 exchanges per second, client to sg186-sim over loopback, one
// connection per exchange as the spec has it: heartbeats (nothing durable)
// and 1-fen payments (each fdatasync'ed to the simulator's ledger before it
// answers). Prints throughput and latency percentiles.
//
//   bench_sg186_exchange STATE_DIR [CONCURRENCY] [COUNT]
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <iostream>
#include <thread>

#include "mstation/common/spawn.hpp"
#include "mstation/sg186/client.hpp"
#include "mstation/sim/ledger_file.hpp"
#include "mstation/sim/sim_server.hpp"

namespace {

using namespace mstation;
using Steady = std::chrono::steady_clock;

struct Run {
  std::vector<double> latencies_ms;
  std::size_t failures = 0;
};

asio::awaitable<void> worker(sg186::Endpoint endpoint, std::vector<std::string>* requests, std::atomic<std::size_t>* next,
                             Run* run) {
  while (true) {
    const auto i = next->fetch_add(1);
    if (i >= requests->size()) co_return;
    const auto result = co_await sg186::exchange(endpoint, (*requests)[i]);
    if (!result.succeeded()) ++run->failures;
    run->latencies_ms.push_back(std::chrono::duration<double, std::milli>(result.elapsed).count());
  }
}

void report(const std::string& what, std::size_t concurrency, Run& run, double seconds) {
  std::sort(run.latencies_ms.begin(), run.latencies_ms.end());
  const auto n = static_cast<double>(run.latencies_ms.size());
  const auto at = [&](double q) { return run.latencies_ms[static_cast<std::size_t>(q * (n - 1))]; };
  std::cout << fmt::format("{:<10} concurrency {:>3}: {:>6} exchanges in {:.2f} s = {:>7.0f}/s, p50 {:.2f} ms, p99 {:.2f} ms, "
                           "failures {}\n",
                           what, concurrency, run.latencies_ms.size(), seconds, n / seconds, at(0.5),
                           at(0.99), run.failures);
}

void measure(const std::string& what, std::uint16_t port, std::vector<std::string> requests, std::size_t concurrency) {
  asio::io_context io;
  std::atomic<std::size_t> next{0};
  std::vector<Run> runs(concurrency);
  const sg186::Endpoint endpoint{"127.0.0.1", port, std::chrono::milliseconds(3000), std::chrono::milliseconds(15000)};
  for (auto& run : runs) asio::co_spawn(io, worker(endpoint, &requests, &next, &run), LogCoroutineFailure("bench"));
  const auto started = Steady::now();
  io.run();
  const double seconds = std::chrono::duration<double>(Steady::now() - started).count();
  Run all;
  for (auto& r : runs) {
    all.latencies_ms.insert(all.latencies_ms.end(), r.latencies_ms.begin(), r.latencies_ms.end());
    all.failures += r.failures;
  }
  report(what, concurrency, all, seconds);
}

std::string message(const sg186::Request& r, std::size_t n) {
  const auto serial = fmt::format("20261128{:012}", n);
  return sg186::encode_message(sg186::request_header(r, "510100000001", serial, 20261128, 20261128090000), r.body);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: bench_sg186_exchange STATE_DIR [CONCURRENCY] [COUNT]\n";
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  const std::size_t concurrency = argc > 2 ? std::stoul(argv[2]) : 8;
  const std::size_t count = argc > 3 ? std::stoul(argv[3]) : 2000;

  auto state = sim::load_state(dir, {std::size_t{5000}, std::uint64_t{1}, 20261128}, true);
  asio::io_context sim_io(1);
  sim::SimOptions options;
  options.dir = dir;
  options.listen = asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0);
  sim::FaultPlan plan;
  plan.work_date = 20261128;
  sim::SimServer server(sim_io, options, state.book, plan);
  server.start();
  std::thread sim_thread([&] { sim_io.run(); });

  std::vector<std::string> beats, payments;
  std::vector<std::string> owing;
  for (const auto& c : state.book.data().customers) {
    if (c.owe_fen() > 0 && c.partial_allowed) owing.push_back(c.cons_no);
  }
  for (std::size_t i = 0; i < count; ++i) {
    beats.push_back(message(sg186::heartbeat(), i + 1));
    payments.push_back(message(sg186::payment({owing[i % owing.size()], 1, "01", {}}), count + i + 1));
  }
  measure("heartbeat", server.port(), beats, concurrency);
  measure("payment", server.port(), payments, concurrency);

  asio::post(sim_io, [&] {
    server.stop();
    sim_io.stop();
  });
  sim_thread.join();
  return 0;
}
