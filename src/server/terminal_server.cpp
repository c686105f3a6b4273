#include "mstation/server/terminal_server.hpp"

#include <spdlog/spdlog.h>

#include "mstation/common/accept_backoff.hpp"
#include "mstation/common/ip_address.hpp"
#include "mstation/common/spawn.hpp"
#include "mstation/server/session.hpp"

namespace mstation::server {
namespace {

asio::ip::tcp::endpoint listen_endpoint(const config::TerminalListener& c) {
  const auto address = parse_address(c.address);
  if (!address) throw std::runtime_error("terminal_listener.address '" + c.address + "' is not an IP address");
  return {*address, c.port};
}

// Exchange ids: unique within an instance across restarts (milliseconds at
// start, then a counter), grouping the journal rows of one connection.
std::int64_t first_exchange_id() {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch()).count();
  return static_cast<std::int64_t>(ms) << 20;
}

}  // namespace

TerminalServer::TerminalServer(asio::io_context& io, Services services)
    : io_(io), services_(std::move(services)), acceptor_(io), next_exchange_id_(first_exchange_id()) {
  const auto endpoint = listen_endpoint(services_.config.terminal_listener);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
}

void TerminalServer::start() {
  asio::co_spawn(io_, accept_loop(), LogCoroutineFailure("terminal accept loop"));
}

void TerminalServer::stop_accepting(std::function<void()> idle) {
  asio::post(acceptor_.get_executor(), [this] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
  });
  std::lock_guard lock(mutex_);
  draining_ = true;
  idle_ = std::move(idle);
  if (in_flight_ == 0 && idle_) asio::post(io_, std::exchange(idle_, nullptr));
}

asio::awaitable<void> TerminalServer::accept_loop() {
  AcceptBackoff backoff;
  while (acceptor_.is_open()) {
    boost::system::error_code ec;
    auto socket = co_await acceptor_.async_accept(asio::make_strand(io_), asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) break;
    if (ec) {
      const auto pause = backoff.after_failure(ec);
      const bool backing_off = pause.count() > 0;
      services_.metrics.add("mstation_accept_failures_total", {{"reason", backing_off ? "out_of_resources" : "other"}});
      spdlog::warn("terminal listener: accept failed: {}{}", ec.message(),
                   backing_off ? fmt::format(" (accepting again in {} ms)", pause.count()) : "");
      if (backing_off) co_await pause_accepting(pause);
      continue;
    }
    backoff.succeeded();
    admit(std::move(socket));
  }
}

void TerminalServer::admit(asio::ip::tcp::socket socket) {
  boost::system::error_code ec;
  {
    std::lock_guard lock(mutex_);
    if (draining_) return;  // the socket closes as it goes out of scope
  }
  const auto remote = socket.remote_endpoint(ec);
  if (ec) return;
  const auto address = unmapped(remote.address());
  if (rejected(socket, address)) return;
  auto slot = services_.limits->acquire(address.to_string());
  if (auto* refusal = std::get_if<ConnectionLimits::Refusal>(&slot)) {
    const char* reason = *refusal == ConnectionLimits::Refusal::total ? "max_connections" : "max_connections_per_ip";
    services_.metrics.add("mstation_connections_rejected_total", {{"reason", reason}});
    log_rejection(address.to_string(), reason);
    socket.close(ec);
    return;
  }
  services_.metrics.add("mstation_connections_accepted_total");
  ++in_flight_;
  auto executor = socket.get_executor();
  asio::co_spawn(executor,
                 serve_terminal(std::move(socket), services_, std::move(std::get<0>(slot)), next_exchange_id_++),
                 [this](std::exception_ptr failure) {
                   LogCoroutineFailure("terminal session")(failure);
                   session_ended();
                 });
}

// Peers not on the allow-list are closed before a byte is read.
bool TerminalServer::rejected(asio::ip::tcp::socket& socket, const asio::ip::address& address) {
  if (services_.allowlist.current()->allows(address)) return false;
  services_.metrics.add("mstation_connections_rejected_total", {{"reason", "allowlist"}});
  log_rejection(address.to_string(), "not on the allow-list");
  boost::system::error_code ignored;
  socket.close(ignored);
  return true;
}

// At most one line per address per minute: a scan must not flood the log.
void TerminalServer::log_rejection(const std::string& ip, const std::string& reason) {
  if (!rejection_log_.admit(ip, Clock::now())) return;
  rejection_log_.take_suppressed();  // only the line matters; dropping the counts keeps the map bounded
  spdlog::warn("connection from {} refused: {}", ip, reason);
}

void TerminalServer::session_ended() {
  if (--in_flight_ != 0) return;
  std::lock_guard lock(mutex_);
  if (draining_ && idle_) asio::post(io_, std::exchange(idle_, nullptr));
}

}  // namespace mstation::server
