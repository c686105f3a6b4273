#include "mstation/sg186/client.hpp"

#include <fmt/format.h>

#include <array>

#include "mstation/common/deadline.hpp"
#include "mstation/common/read_framed.hpp"
#include "mstation/sg186/frame_decoder.hpp"

namespace mstation::sg186 {

const char* to_string(ResultKind kind) {
  switch (kind) {
    case ResultKind::answered: return "answered";
    case ResultKind::not_delivered: return "not_delivered";
    case ResultKind::in_doubt: return "in_doubt";
  }
  return "?";
}

Header request_header(const Request& request, const std::string& agency, const std::string& serial,
                      std::uint32_t work_date, std::uint64_t txn_time) {
  Header h;
  h.txn_code = request.txn_code;
  h.agency = agency;
  h.node = request.node;
  h.operator_id = request.operator_id;
  h.serial = serial;
  h.work_date = work_date;
  h.txn_time = txn_time;
  h.record_num = request.record_num;
  return h;
}

ExchangeResult judge_answer(const Header& request, std::string received) {
  ExchangeResult r;
  r.kind = ResultKind::in_doubt;
  auto decoded = decode_message(received);
  r.received = std::move(received);
  if (auto* problem = std::get_if<std::string>(&decoded)) {
    r.problem = "unreadable answer: " + *problem;
    return r;
  }
  auto& message = std::get<Message>(decoded);
  if (message.header.txn_code != request.txn_code) {
    r.problem = fmt::format("answer is for TXN_CODE {:03}, asked {:03}", message.header.txn_code, request.txn_code);
  } else if (message.header.serial != request.serial) {
    r.problem = fmt::format("answer carries SERIAL '{}', asked '{}'", message.header.serial, request.serial);
  } else if (message.header.rsp_code.size() != 4) {
    r.problem = fmt::format("answer has no RSP_CODE ('{}')", message.header.rsp_code);
  } else {
    r.kind = ResultKind::answered;
    r.answer = std::move(message);
  }
  return r;
}

#ifndef MSTATION_NO_COROUTINES
namespace {

using Steady = std::chrono::steady_clock;

ExchangeResult failed(ResultKind kind, std::string problem, std::string received = {}) {
  ExchangeResult r;
  r.kind = kind;
  r.problem = std::move(problem);
  r.received = std::move(received);
  return r;
}

// Name resolution has no socket for a Deadline to cancel: a timer cancels
// the resolver instead. The shared state outlives whichever finishes first.
asio::awaitable<std::optional<asio::ip::tcp::endpoint>> resolve(const Endpoint& endpoint,
                                                                 std::chrono::milliseconds timeout, std::string& problem) {
  auto executor = co_await asio::this_coro::executor;
  auto resolver = std::make_shared<asio::ip::tcp::resolver>(executor);
  asio::steady_timer timer(executor, timeout);
  timer.async_wait([weak = std::weak_ptr(resolver)](boost::system::error_code ec) {
    if (auto r = weak.lock(); r && !ec) r->cancel();
  });
  boost::system::error_code ec;
  const std::string service = std::to_string(endpoint.port);
  const auto found = co_await resolver->async_resolve(endpoint.host, service,
                                                      asio::redirect_error(asio::use_awaitable, ec));
  timer.cancel();
  if (ec || found.empty()) {
    problem = fmt::format("resolve {}: {}", endpoint.host,
                          ec == asio::error::operation_aborted ? "no answer in time" : ec.message());
    co_return std::nullopt;
  }
  co_return found.begin()->endpoint();
}

asio::awaitable<std::optional<std::string>> connect(asio::ip::tcp::socket& socket, const Endpoint& endpoint,
                                                    std::chrono::milliseconds timeout) {
  const auto started = Steady::now();
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(endpoint.host, ec);
  asio::ip::tcp::endpoint target;
  if (!ec) {
    target = {address, endpoint.port};
  } else {
    std::string problem;
    const auto found = co_await resolve(endpoint, timeout, problem);
    if (!found) co_return problem;
    target = *found;
  }
  const auto left = timeout - std::chrono::duration_cast<std::chrono::milliseconds>(Steady::now() - started);
  if (left.count() <= 0) co_return fmt::format("connect: no time left after resolving {}", endpoint.host);
  Deadline deadline(socket, left);
  socket.open(target.protocol(), ec);
  if (ec) co_return "socket: " + ec.message();
  co_await socket.async_connect(target, asio::redirect_error(asio::use_awaitable, ec));
  if (deadline.expired()) co_return fmt::format("connect: no answer within {} ms", timeout.count());
  if (ec) co_return "connect: " + ec.message();
  co_return std::nullopt;
}

asio::awaitable<ExchangeResult> send_and_read(asio::ip::tcp::socket& socket, const std::string& request_bytes,
                                              Header request, Steady::duration remaining,
                                              std::chrono::milliseconds exchange_timeout) {
  Deadline deadline(socket, remaining);
  boost::system::error_code ec;
  const std::size_t sent = co_await asio::async_write(socket, asio::buffer(request_bytes),
                                                      asio::redirect_error(asio::use_awaitable, ec));
  if (ec && sent == 0) co_return failed(ResultKind::not_delivered, "send: " + ec.message());
  if (ec) co_return failed(ResultKind::in_doubt, fmt::format("send broke after {} bytes: {}", sent, ec.message()));

  FrameDecoder decoder;
  const auto read = co_await read_framed(socket, decoder, deadline);
  std::string got = decoder.message();
  switch (read.end) {
    case FramedRead::End::complete:
      // Bytes after the answer are ignored: one exchange per connection.
      co_return judge_answer(request, std::move(got));
    case FramedRead::End::bad:
      co_return failed(ResultKind::in_doubt, "unreadable answer: " + read.reason, std::move(got));
    case FramedRead::End::timed_out:
      co_return failed(ResultKind::in_doubt,
                       fmt::format("no complete answer within {} ms ({} bytes)", exchange_timeout.count(), got.size()),
                       std::move(got));
    case FramedRead::End::closed:
      co_return failed(ResultKind::in_doubt, fmt::format("closed after {} bytes of the answer", got.size()),
                       std::move(got));
    case FramedRead::End::failed:
      break;
  }
  co_return failed(ResultKind::in_doubt, fmt::format("{} after {} bytes of the answer", read.reason, got.size()),
                   std::move(got));
}

}  // namespace

asio::awaitable<ExchangeResult> exchange(Endpoint endpoint, std::string request_bytes) {
  const auto started = Steady::now();
  auto request = decode_message(request_bytes);
  if (auto* problem = std::get_if<std::string>(&request)) {
    co_return failed(ResultKind::not_delivered, "not sent, the request itself is malformed: " + *problem);
  }
  auto executor = co_await asio::this_coro::executor;
  asio::ip::tcp::socket socket(executor);
  const auto connect_timeout = std::min(endpoint.connect_timeout, endpoint.exchange_timeout);
  ExchangeResult result;
  if (auto problem = co_await connect(socket, endpoint, connect_timeout)) {
    result = failed(ResultKind::not_delivered, std::move(*problem));
  } else {
    const auto remaining = endpoint.exchange_timeout - (Steady::now() - started);
    if (remaining <= Steady::duration::zero()) {
      result = failed(ResultKind::not_delivered, "not sent: the exchange timeout passed while connecting");
    } else {
      result = co_await send_and_read(socket, request_bytes, std::get<Message>(request).header, remaining,
                                    endpoint.exchange_timeout);
    }
  }
  boost::system::error_code ignored;
  socket.close(ignored);
  result.elapsed = Steady::now() - started;
  co_return result;
}

ExchangeResult exchange_blocking(const Endpoint& endpoint, const std::string& request_bytes) {
  asio::io_context io;
  ExchangeResult result;
  std::exception_ptr failure;
  asio::co_spawn(io, exchange(endpoint, request_bytes), [&](std::exception_ptr e, ExchangeResult r) {
    failure = e;
    result = std::move(r);
  });
  io.run();
  if (failure) std::rethrow_exception(failure);
  return result;
}
#endif

}  // namespace mstation::sg186
