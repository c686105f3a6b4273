#include "mstation/sim/sim_server.hpp"

#include "mstation/common/read_framed.hpp"

#include <fmt/format.h>

#include <array>
#include <iostream>

#include "mstation/common/china_time.hpp"
#include "mstation/common/deadline.hpp"
#include "mstation/common/printable.hpp"
#include "mstation/common/spawn.hpp"
#include "mstation/sg186/codes.hpp"
#include "mstation/sg186/frame_decoder.hpp"

namespace mstation::sim {
namespace {

using tcp = asio::ip::tcp;

void say(const std::string& line) {
  std::cout << "sg186-sim: " << line << std::endl;  // flushed: tests and people read it as it comes
}

// The bytes of one request, or empty if the peer closed, stalled or sent a bad LEN.
asio::awaitable<std::string> read_request(tcp::socket& socket, std::chrono::seconds timeout) {
  Deadline deadline(socket, timeout);
  sg186::FrameDecoder decoder;
  const auto read = co_await read_framed(socket, decoder, deadline);
  if (read.end == FramedRead::End::bad) say("closing: " + read.reason);
  co_return read.complete() ? decoder.message() : std::string();
}

// Holds the connection open without answering until the peer gives up.
asio::awaitable<void> hang(tcp::socket& socket, std::chrono::seconds limit) {
  Deadline deadline(socket, limit);
  std::array<char, 256> sink{};
  boost::system::error_code ec;
  while (!ec) co_await socket.async_read_some(asio::buffer(sink), asio::redirect_error(asio::use_awaitable, ec));
}

void reset(tcp::socket& socket) {
  boost::system::error_code ignored;
  socket.set_option(asio::socket_base::linger(true, 0), ignored);
  socket.close(ignored);
}

asio::awaitable<void> serve_connection(tcp::socket socket, SimServer* server) {
  Fault fault = server->plan().draw(server->rng());
  if (fault == Fault::down) co_return reset(socket);
  const std::string request = co_await read_request(socket, server->options().read_timeout);
  if (request.empty()) co_return;
  if (fault == Fault::hang) {
    say("fault hang: request read, holding the connection without an answer");
    co_return co_await hang(socket, server->options().max_hang);
  }
  if (fault == Fault::close_before) {
    say("fault close_before: request read, closing without executing");
    co_return reset(socket);
  }
  const bool delayed = server->plan().delayed(server->rng());
  auto served = server->serve(request, fault);
  co_await server->durable(served.ledger_line);
  say(served.summary);
  if (fault == Fault::close_after_commit) co_return reset(socket);
  if (delayed) {
    asio::steady_timer timer(socket.get_executor(), std::chrono::milliseconds(server->plan().latency_ms));
    boost::system::error_code ignored;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  }
  boost::system::error_code ec;
  co_await asio::async_write(socket, asio::buffer(served.answer), asio::redirect_error(asio::use_awaitable, ec));
  socket.shutdown(tcp::socket::shutdown_send, ec);
}

// Owns its acceptor: "down" closes it while an accept is pending.
asio::awaitable<void> accept_loop(std::shared_ptr<tcp::acceptor> acceptor, SimServer* server) {
  while (true) {
    boost::system::error_code ec;
    tcp::socket socket = co_await acceptor->async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor->is_open()) co_return;
    if (ec) {  // e.g. out of file descriptors: do not spin
      say("accept: " + ec.message());
      asio::steady_timer pause(acceptor->get_executor(), std::chrono::milliseconds(100));
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    asio::co_spawn(acceptor->get_executor(), serve_connection(std::move(socket), server),
                   LogCoroutineFailure("sg186-sim connection"));
  }
}

std::string garbage_bytes(Rng& rng) {
  std::string out = "GARBAGE!";
  for (int i = 0; i < 56; ++i) out += static_cast<char>(rng.below(256));
  return out;
}

}  // namespace

SimServer::SimServer(asio::io_context& io, SimOptions options, Book& book, FaultPlan plan)
    : io_(io),
      options_(std::move(options)),
      book_(book),
      ledger_(options_.dir / "ledger.jsonl"),
      plan_(plan),
      rng_(options_.fault_seed),
      poll_timer_(io) {}

void SimServer::start() {
  book_.set_statement_tweaks(plan_.statement);
  write_plan(options_.dir, plan_);
  acknowledge(options_.dir, plan_.generation);
  listen_now();  // even when "down": the port is learnt, and kept for coming back up
  say(fmt::format("listening on {}:{} ({})", options_.listen.address().to_string(), port_, plan_.describe()));
  if (plan_.down >= 1.0) close_acceptor();
  poll_control();
}

void SimServer::stop() {
  stopping_ = true;
  poll_timer_.cancel();
  close_acceptor();
}

void SimServer::open_acceptor() {
  if (plan_.down < 1.0 && !acceptor_) listen_now();
}

void SimServer::listen_now() {
  auto endpoint = options_.listen;
  if (port_ != 0) endpoint.port(port_);  // back up on the same port after "down"
  acceptor_ = std::make_shared<tcp::acceptor>(io_, endpoint, true);
  port_ = acceptor_->local_endpoint().port();
  asio::co_spawn(io_, accept_loop(acceptor_, this), LogCoroutineFailure("sg186-sim accept"));
}

void SimServer::close_acceptor() {
  if (!acceptor_) return;
  boost::system::error_code ignored;
  acceptor_->close(ignored);
  acceptor_.reset();  // the accept loop keeps it until it sees operation_aborted
}

void SimServer::poll_control() {
  poll_timer_.expires_after(options_.control_poll);
  poll_timer_.async_wait([this](boost::system::error_code ec) {
    if (ec || stopping_) return;
    const auto plan = read_plan(options_.dir);
    if (plan && plan->generation != plan_.generation) apply(*plan);
    poll_control();
  });
}

void SimServer::apply(const FaultPlan& plan) {
  plan_ = plan;
  book_.set_statement_tweaks(plan_.statement);
  if (plan_.down >= 1.0) {
    close_acceptor();
  } else {
    open_acceptor();
  }
  acknowledge(options_.dir, plan_.generation);
  say(fmt::format("control generation {}: {}", plan_.generation, plan_.describe()));
}

SimServer::Served SimServer::serve(const std::string& request_bytes, Fault fault) {
  const auto decoded = sg186::decode_message(request_bytes);
  if (const auto* problem = std::get_if<std::string>(&decoded)) {
    sg186::Header h;
    h.rsp_code = "1006";
    h.rsp_msg = "数据包格式不对";
    return {sg186::encode_message(h, ""), "unreadable request: " + *problem};
  }
  const auto& request = std::get<sg186::Message>(decoded);
  const auto now = Clock::now();
  const YyyyMmDd work_date = plan_.work_date != 0 ? plan_.work_date : business_date_number(now);
  // The clock time of day, on the (possibly moved) accounting date.
  const std::uint64_t txn_time = std::uint64_t{work_date} * 1000000 + compact_china_number(now) % 1000000;
  const bool new_serial =
      Book::records_serial(request.header.txn_code) && !book_.executed(request.header.agency, request.header.serial);
  if (request.header.txn_code == sg186::txn_reversal && new_serial && plan_.loses_reversal(rng_)) {
    // The reversal overtook its original: "not found", nothing executed or remembered.
    sg186::Header h = request.header;
    h.rsp_code = std::string(sg186::rsp::original_not_found);
    h.rsp_msg = std::string(sg186::rsp_text(sg186::rsp::original_not_found));
    h.record_num = 0;
    return {sg186::encode_message(h, ""), fmt::format("012 serial={} -> 1016 (fault reversal_not_found)",
                                                      request.header.serial)};
  }
  Answer answer;
  try {
    answer = book_.execute(request, work_date, txn_time);
  } catch (const std::exception& e) {
    // The books may have changed in memory and cannot be trusted; the ledger
    // on disk can. Stop, so that a restart rebuilds them from it.
    say(fmt::format("FATAL: executing {:03} serial {}: {}; exiting, a restart replays the ledger",
                    request.header.txn_code, printable(request.header.serial), e.what()));
    std::_Exit(1);
  }
  // The books changed in memory; the answer may not leave before the change
  // is on disk. A failed write leaves memory ahead of disk: stop at once.
  std::uint64_t line = 0;
  if (new_serial) {
    try {
      line = ledger_.write(LedgerRecord{work_date, txn_time, request_bytes, answer.rsp_code});
    } catch (const std::exception& e) {
      say(std::string("FATAL: ") + e.what());
      std::_Exit(1);
    }
  }
  sg186::Header h = request.header;
  h.rsp_code = answer.rsp_code;
  h.rsp_msg = answer.rsp_msg;
  h.record_num = answer.record_num;
  if (fault == Fault::wrong_serial) h.serial = "X" + h.serial.substr(std::min<std::size_t>(1, h.serial.size()));
  std::string bytes = fault == Fault::garbage ? garbage_bytes(rng_) : sg186::encode_message(h, answer.body);
  const auto summary = fmt::format("{:03} serial={} node={} -> {}{}", request.header.txn_code, request.header.serial,
                                   request.header.node, answer.rsp_code,
                                   fault == Fault::none ? "" : fmt::format(" (fault {})", to_string(fault)));
  return {std::move(bytes), summary, line};
}

asio::awaitable<void> SimServer::durable(std::uint64_t line) {
  if (line == 0) co_return;
  auto executor = co_await asio::this_coro::executor;
  co_await asio::async_initiate<const asio::use_awaitable_t<>&, void()>(
      [this, line, executor](auto handler) {
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        sync_.after_durable(line, [shared, executor] { asio::post(executor, [shared] { (*shared)(); }); });
      },
      asio::use_awaitable);
}

}  // namespace mstation::sim
