#include "mstation/server/session.hpp"

#include <fmt/format.h>

#include <spdlog/spdlog.h>

#include "mstation/common/deadline.hpp"
#include "mstation/common/ip_address.hpp"
#include "mstation/common/read_framed.hpp"
#include "mstation/hhu/frame.hpp"
#include "mstation/hhu/frame_decoder.hpp"
#include "mstation/txn/codes.hpp"
#include "mstation/txn/exchange_journal.hpp"

namespace mstation::server {
namespace {

using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;
using txn::Outcome;

constexpr auto retransmission_poll = 100ms;

struct ReadResult {
  bool complete = false;
  Bytes bytes;       // the frame, or whatever arrived
  std::string why;   // when not complete
  std::string metric_reason;
};

asio::awaitable<ReadResult> read_frame(asio::ip::tcp::socket& socket, const config::Config& config) {
  Deadline deadline(socket, std::chrono::seconds(config.terminal_listener.frame_timeout_s));
  hhu::FrameDecoder decoder(static_cast<std::size_t>(config.terminal_listener.max_request_bytes));
  const auto read = co_await read_framed(socket, decoder, deadline);
  switch (read.end) {
    case FramedRead::End::complete:
      co_return ReadResult{true, decoder.frame(), "", ""};
    case FramedRead::End::bad:
      co_return ReadResult{false, decoder.received(), read.reason, "bad_header"};
    case FramedRead::End::timed_out:
      co_return ReadResult{false, decoder.received(), "no complete frame within frame_timeout", "timeout"};
    case FramedRead::End::closed:
      co_return ReadResult{false, decoder.received(), "peer closed before a complete frame", "closed"};
    case FramedRead::End::failed:
      break;
  }
  co_return ReadResult{false, decoder.received(), read.reason, "closed"};
}

// The SG186 exchange a handler asked for, outside any database transaction:
// its request was journaled in the write-ahead commit, its result is
// journaled in the finish commit.
asio::awaitable<sg186::ExchangeResult> ask_sg186(Services& s, std::int64_t exchange_id, sg186::NumberedRequest request) {
  try {
    auto call = co_await s.sg186.send(std::move(request), exchange_id, Sg186Link::Journaled::by_caller);
    co_return std::move(call.result);
  } catch (const std::exception& e) {
    sg186::ExchangeResult result;
    result.kind = sg186::ResultKind::in_doubt;  // it may have gone out before the failure
    result.problem = std::string("exchange failed: ") + e.what();
    co_return result;
  }
}

// The life of a request, in order: checks and the write-ahead commit (on a
// database thread), then as long as the handler asks SG186: the exchange,
// and the finish commit. A retransmission of an original still in progress
// is asked again until it is answered; after frame_timeout the original is
// taken to be dead and, where that is safe, executed in its place
// (take_over); otherwise the connection closes.
asio::awaitable<Outcome> process(Services& s, txn::Exchange exchange, Bytes frame) {
  const auto give_up = Steady::now() + std::chrono::seconds(s.config.terminal_listener.frame_timeout_s);
  journal::Committer& lane = s.lanes.for_terminal(hhu::peek_tid(frame));
  while (true) {
    const bool late = Steady::now() >= give_up;
    Outcome o = co_await s.pool.run([&](pqxx::connection& c) {
      return late ? s.processor.take_over(c, lane, exchange, frame) : s.processor.process(c, lane, exchange, frame);
    });
    // A transaction may ask SG186 more than once (a dunning notice: 010, then 032).
    while (o.action == Outcome::Action::ask_sg186) {
      const auto result = co_await ask_sg186(s, exchange.id, *o.sg186_request);
      o = co_await s.pool.run([&](pqxx::connection& c) { return s.processor.resume(c, lane, o, result); });
    }
    if (o.action != Outcome::Action::wait_for_original) co_return o;
    if (late) {
      o.action = Outcome::Action::close;
      o.reason = "original still in progress after frame_timeout";
      co_return o;
    }
    asio::steady_timer pause(co_await asio::this_coro::executor, retransmission_poll);
    co_await pause.async_wait(asio::use_awaitable);
  }
}

// Arguments by value (design.md §7): g++ 12 mishandles temporaries bound to a
// coroutine's reference parameters.
asio::awaitable<void> journal_unanswered(Services& s, txn::Exchange exchange, ReadResult read) {
  s.metrics.add("mstation_frames_unanswered_total", {{"reason", read.metric_reason}});
  spdlog::info("peer={} exchange={} closed without answer: {} ({} bytes received)", exchange.peer, exchange.id,
               read.why, read.bytes.size());
  if (read.bytes.empty()) co_return;
  // Bytes that never made a frame: unauthenticated (a frame the pipeline did not answer was limited there).
  if (read.metric_reason != "not_answered" && !s.processor.pre_mac_limiter().admit(exchange.peer, Clock::now())) {
    s.metrics.add("mstation_frames_unjournaled_total", {{"reason", "pre_mac_limit"}});
    co_return;
  }
  try {
    co_await s.pool.run([&](pqxx::connection&) {
      return txn::journal_unanswered_bytes(s.lanes.for_terminal(hhu::peek_tid(read.bytes)), exchange, read.bytes,
                                           read.why);
    });
  } catch (const std::exception& e) {
    spdlog::error("peer={} exchange={}: cannot journal the bytes received: {}", exchange.peer, exchange.id, e.what());
  }
}

asio::awaitable<void> send(asio::ip::tcp::socket& socket, const Services& s, Bytes response) {
  Deadline deadline(socket, std::chrono::seconds(s.config.terminal_listener.frame_timeout_s));
  boost::system::error_code ec;
  co_await asio::async_write(socket, asio::buffer(response), asio::redirect_error(asio::use_awaitable, ec));
  if (!ec) socket.shutdown(asio::ip::tcp::socket::shutdown_send, ec);
}

void record(Services& s, const txn::Exchange& exchange, const Outcome& o, Steady::time_point started) {
  const double seconds = std::chrono::duration<double>(Steady::now() - started).count();
  if (o.action == Outcome::Action::respond) {
    s.metrics.add("mstation_frames_total", {{"txn", txn::metric_txn_label(o.txn)}, {"code", o.code}});
    s.metrics.observe("mstation_request_seconds", {}, seconds);
  }
  spdlog::info("terminal={} seq={} txn={} code={} latency_ms={:.1f} peer={}{}{}", journal::printable(o.tid), o.seq,
               o.txn, o.code.empty() ? "-" : o.code, seconds * 1000, exchange.peer, o.retransmission ? " retransmission" : "",
               o.reason.empty() ? "" : " reason=\"" + o.reason + "\"");
}

}  // namespace

asio::awaitable<void> serve_terminal(asio::ip::tcp::socket socket, Services services,
                                     std::unique_ptr<ConnectionLimits::Slot> slot, std::int64_t exchange_id) {
  const auto started = Steady::now();
  boost::system::error_code ec;
  const auto remote = socket.remote_endpoint(ec);
  if (ec) co_return;
  const txn::Exchange exchange{exchange_id, unmapped(remote.address()).to_string(), started};
  services.metrics.add("mstation_in_flight", {}, 1);
  const auto read = co_await read_frame(socket, services.config);
  if (!read.complete) {
    co_await journal_unanswered(services, exchange, read);
    services.metrics.add("mstation_in_flight", {}, -1);
    co_return;
  }
  Outcome outcome;
  try {
    outcome = co_await process(services, exchange, read.bytes);
  } catch (const std::exception& e) {
    // Database down, or journal unavailable: nothing was approved; close.
    outcome.action = Outcome::Action::close;
    outcome.reason = std::string("not processed: ") + e.what();
  }
  if (outcome.action == Outcome::Action::respond) {
    co_await send(socket, services, outcome.response);
  } else if (outcome.over_pre_mac_limit) {
    services.metrics.add("mstation_frames_unjournaled_total", {{"reason", "pre_mac_limit"}});
  } else if (!outcome.journaled) {
    // Every received byte sequence is journaled, answered or not (best effort:
    // the database may be the reason there is no answer).
    ReadResult unanswered{true, read.bytes, outcome.reason, "not_answered"};
    co_await journal_unanswered(services, exchange, std::move(unanswered));
  }
  record(services, exchange, outcome, started);
  services.metrics.add("mstation_in_flight", {}, -1);
  (void)slot;
}

}  // namespace mstation::server
