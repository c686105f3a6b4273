#pragma once
// sg186-sim's socket side: one request per connection (sg186-interface.md
// §1), executed against the Book, made durable in the ledger file before the
// answer leaves (one fdatasync for all the answers ready at once: LedgerSync), with the faults of the current FaultPlan. Single-threaded:
// run it on one io_context thread.
#include <chrono>
#include <filesystem>
#include <memory>

#include "mstation/common/asio.hpp"
#include "mstation/sim/book.hpp"
#include "mstation/sim/faults.hpp"
#include "mstation/sim/ledger_file.hpp"
#include "mstation/sim/ledger_sync.hpp"

namespace mstation::sim {

struct SimOptions {
  std::filesystem::path dir;
  asio::ip::tcp::endpoint listen;
  std::uint64_t fault_seed = 1;
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds max_hang{600};
  std::chrono::milliseconds control_poll{50};
};

class SimServer {
 public:
  SimServer(asio::io_context& io, SimOptions options, Book& book, FaultPlan plan);
  // Binds, listens and starts polling the control file; throws if it cannot bind.
  void start();
  void stop();
  std::uint16_t port() const { return port_; }

  // The parts the connection coroutine uses.
  struct Served;
  Served serve(const std::string& request_bytes, Fault fault);
  // Resumes once ledger line `line` is durable (0: nothing to wait for).
  asio::awaitable<void> durable(std::uint64_t line);
  std::uint64_t ledger_syncs() const { return sync_.syncs(); }
  const FaultPlan& plan() const { return plan_; }
  Rng& rng() { return rng_; }
  const SimOptions& options() const { return options_; }
  bool stopping() const { return stopping_; }

 private:
  void open_acceptor();
  void listen_now();
  void close_acceptor();
  void poll_control();
  void apply(const FaultPlan& plan);

  asio::io_context& io_;
  SimOptions options_;
  Book& book_;
  LedgerFile ledger_;
  LedgerSync sync_{ledger_};
  FaultPlan plan_;
  Rng rng_;
  std::shared_ptr<asio::ip::tcp::acceptor> acceptor_;
  asio::steady_timer poll_timer_;
  std::uint16_t port_ = 0;
  bool stopping_ = false;
};

struct SimServer::Served {
  std::string answer;  // the message to send (may be empty for a header we could not read)
  std::string summary;  // one log line
  std::uint64_t ledger_line = 0;  // the books changed: send only once this line is durable
};

}  // namespace mstation::sim
