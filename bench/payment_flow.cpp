// Payments per second through the whole station: terminals on 127.0.0.2…
// (each signed on, one request at a time, as a handheld is) send 1-fen
// prepayments over real sockets to an in-process `mstation serve` (allow-list,
// MAC, write-ahead record with its serial, group-commit journal) which asks an
// in-process sg186-sim (fdatasync'ed ledger) and commits the outcome before
// answering. Prints throughput and latency percentiles.
//
//   bench_payment_flow CONNINFO WORK_DIR [TERMINALS] [PAYMENTS_PER_TERMINAL]
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <pqxx/pqxx>
#include <spdlog/spdlog.h>
#include <thread>

#include "mstation/config/loader.hpp"
#include "mstation/hhu/terminal_client.hpp"
#include "mstation/keys/kek.hpp"
#include "mstation/common/password.hpp"
#include "mstation/server/daemon.hpp"
#include "mstation/sim/ledger_file.hpp"
#include "mstation/sim/sim_server.hpp"
#include "mstation/store/migration.hpp"
#include "mstation/store/operator_store.hpp"
#include "mstation/store/terminal_store.hpp"
#include "support/tcp_client.hpp"
#include "support/test_config.hpp"

namespace {

using namespace mstation;
namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;
constexpr std::uint32_t work_date = 20261128;

struct Terminal {
  std::string tid;
  std::string ip;
  hhu::TerminalClient client;
  std::vector<double> latencies_ms;
  std::size_t not_approved = 0;
};

Terminal enroll(pqxx::connection& db, const keys::KekRing& kek, std::size_t i) {
  const auto tid = fmt::format("5101{:04}", i + 1);
  const auto tmk = hhu::generate_key(hhu::Suite::tdea);
  store::TerminalRecord t;
  t.tid = tid;
  t.bound_ip = fmt::format("127.0.0.{}", i + 2);
  t.suite = hhu::Suite::tdea;
  t.station = "城关供电所";
  t.tmk_sealed = kek.seal(tmk, "tmk:" + tid);
  t.tmk_kcv = hhu::key_check_value(hhu::Suite::tdea, tmk);
  t.kek_id = kek.current_id();
  pqxx::work tx(db);
  store::insert_terminal(tx, t);
  tx.commit();
  return {tid, t.bound_ip, hhu::TerminalClient(tid, hhu::Suite::tdea, tmk), {}, 0};
}

hhu::Response send(Terminal& t, std::uint16_t port, std::uint16_t txn, const nlohmann::json& body) {
  return t.client.open(test::exchange_bytes(t.ip, port, t.client.request(txn, body, Clock::now())));
}

void pay(Terminal& t, std::uint16_t port, const std::vector<std::string>* customers, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    const auto started = Steady::now();
    const auto r = send(t, port, 0x0204, {{"customer_no", (*customers)[i % customers->size()]}, {"amount_fen", 1}});
    t.latencies_ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - started).count());
    if (r.code() != "00") ++t.not_approved;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: bench_payment_flow CONNINFO WORK_DIR [TERMINALS] [PAYMENTS_PER_TERMINAL]\n";
    return 2;
  }
  const std::string conninfo = argv[1];
  const fs::path dir = argv[2];
  const std::size_t terminals = argc > 3 ? std::stoul(argv[3]) : 8;
  const std::size_t per_terminal = argc > 4 ? std::stoul(argv[4]) : 100;

  // SG186's side, in-process.
  auto state = sim::load_state(dir / "sg186", {std::size_t{5000}, std::uint64_t{1}, work_date}, true);
  asio::io_context sim_io(1);
  sim::SimOptions sim_options;
  sim_options.dir = dir / "sg186";
  sim_options.listen = asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0);
  sim::FaultPlan plan;
  sim::SimServer sim_server(sim_io, sim_options, state.book, plan);
  sim_server.start();
  std::thread sim_thread([&] { sim_io.run(); });
  std::vector<std::string> paid_up;
  for (const auto& c : state.book.data().customers) {
    if (c.owe_fen() == 0 && !c.card_meter) paid_up.push_back(c.cons_no);
  }

  // The station: database, key-encryption key, terminals, an operator, configuration.
  pqxx::connection db(conninfo);
  store::migrate(db, store::embedded_migrations());
  keys::KekRing::create_file(dir / "kek.key");
  const auto kek = keys::KekRing::load(dir / "kek.key");
  std::vector<Terminal> fleet;
  for (std::size_t i = 0; i < terminals; ++i) fleet.push_back(enroll(db, kek, i));
  {
    store::OperatorRecord op;
    op.operator_id = "0042";
    op.name = "张三";
    op.station = "城关供电所";
    op.password = hash_password("123456", 1000);
    pqxx::work tx(db);
    store::insert_operator(tx, op);
    tx.commit();
  }
  auto c = test::minimal_config(conninfo);
  c["sg186"] = {{"host", "127.0.0.1"}, {"port", sim_server.port()}, {"heartbeat_interval_s", 0}};
  c["limits"] = {{"max_cash_in_transit_fen", 1'000'000'000}};
  c["admin_listener"] = {{"address", "127.0.0.1"}, {"port", 0}};
  c["log"] = {{"level", "warn"}};
  std::ofstream(dir / "allowlist.conf") << "127.0.0.0/8\n";
  std::ofstream(dir / "mstation.json") << c.dump();
  server::Daemon::Options options;
  options.handle_signals = false;
  server::Daemon daemon(config::load_or_throw(dir / "mstation.json"), options);
  spdlog::set_level(spdlog::level::warn);  // a line per transaction would be most of the work
  std::thread daemon_thread([&] { daemon.run(); });
  const auto port = daemon.terminal_endpoint().port();

  for (auto& t : fleet) {
    if (send(t, port, 0x0001, {{"operator_id", "0042"}, {"password", "123456"}}).code() != "00") {
      std::cerr << "sign-on failed for " << t.tid << "\n";
      return 1;
    }
  }
  const auto started = Steady::now();
  std::vector<std::thread> workers;
  for (auto& t : fleet) workers.emplace_back(pay, std::ref(t), port, &paid_up, per_terminal);
  for (auto& w : workers) w.join();
  const double seconds = std::chrono::duration<double>(Steady::now() - started).count();

  std::vector<double> all;
  std::size_t not_approved = 0;
  for (const auto& t : fleet) {
    all.insert(all.end(), t.latencies_ms.begin(), t.latencies_ms.end());
    not_approved += t.not_approved;
  }
  std::sort(all.begin(), all.end());
  const auto at = [&](double q) { return all[static_cast<std::size_t>(q * static_cast<double>(all.size() - 1))]; };
  std::cout << fmt::format("payments through the station, {:>3} terminals: {:>6} in {:.2f} s = {:>6.0f}/s, "
                           "p50 {:.1f} ms, p99 {:.1f} ms, not approved {}\n",
                           terminals, all.size(), seconds, static_cast<double>(all.size()) / seconds, at(0.5),
                           at(0.99), not_approved);

  daemon.request_drain();
  daemon_thread.join();
  asio::post(sim_io, [&] {
    sim_server.stop();
    sim_io.stop();
  });
  sim_thread.join();
  return 0;
}
