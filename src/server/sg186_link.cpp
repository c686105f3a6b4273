#include "mstation/server/sg186_link.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "mstation/common/china_time.hpp"
#include "mstation/store/sg186_serial.hpp"
#include "mstation/txn/sg186_numbering.hpp"
#include "mstation/txn/sg186_journal.hpp"

namespace mstation::server {
namespace {

using Steady = std::chrono::steady_clock;

sg186::Endpoint endpoint_of(const config::Sg186& c) {
  return {c.host, c.port, std::chrono::milliseconds(c.connect_timeout_ms),
          std::chrono::milliseconds(c.exchange_timeout_ms)};
}


// For /metrics: the response code when answered, else the kind of failure.
std::string result_label(const sg186::ExchangeResult& r) {
  return r.answer ? r.answer->header.rsp_code : sg186::to_string(r.kind);
}

}  // namespace

void describe_sg186_metrics(admin::Metrics& m) {
  using T = admin::Metrics::Type;
  m.describe("mstation_sg186_exchanges_total", T::counter,
             "SG186 exchanges by TXN and result (response code, not_delivered, in_doubt)");
  m.describe("mstation_sg186_exchange_seconds", T::histogram, "SG186 exchange duration, connect to answer",
             {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30});
  m.describe("mstation_sg186_up", T::gauge, "1 if the last heartbeat or sign-in was answered");
  m.describe("mstation_sg186_heartbeats_total", T::counter, "Heartbeats (099) by result");
  m.describe("mstation_sg186_heartbeat_seconds", T::gauge, "Duration of the last answered heartbeat");
  m.describe("mstation_sg186_last_answer_timestamp_seconds", T::gauge,
             "Unix time of the last answered heartbeat or sign-in");
  m.describe("mstation_sg186_work_date", T::gauge, "SG186's accounting date at the last sign-in (YYYYMMDD)");
  m.describe("mstation_sg186_date_mismatch", T::gauge,
             "1 if SG186's accounting date differed from our business date at sign-in");
}

Sg186Link::Sg186Link(const config::Config& config, DbPool& pool, journal::Committer& writes, admin::Metrics& metrics)
    : agency_(config.station.agency_code),
      peer_(fmt::format("{}:{}", config.sg186.host, config.sg186.port)),
      endpoint_(endpoint_of(config.sg186)),
      pool_(pool),
      writes_(writes),
      metrics_(metrics) {}

Steady::time_point Sg186Link::last_exchange() const { return Steady::time_point(Steady::duration(last_exchange_.load())); }

asio::awaitable<Sg186Call> Sg186Link::call(sg186::Request request, std::optional<std::int64_t> exchange_id) {
  const auto now = Clock::now();
  auto numbered = co_await pool_.run([&](pqxx::connection&) {
    sg186::NumberedRequest n;
    writes_.commit([&](pqxx::transaction_base& tx, std::vector<journal::Entry>&) {
      n = txn::number_request(tx, agency_, request, now);
    });
    return n;
  });
  const auto id = exchange_id.value_or(store::serial_number(numbered.serial));
  co_return co_await send(std::move(numbered), id, Journaled::not_yet);
}

asio::awaitable<Sg186Call> Sg186Link::send(sg186::NumberedRequest n, std::int64_t exchange_id, Journaled journaled) {
  if (journaled == Journaled::not_yet) {
    co_await pool_.run([&](pqxx::connection&) {
      writes_.commit([&](pqxx::transaction_base&, std::vector<journal::Entry>& rows) {
        txn::journal_sg186_request(rows, txn::Sg186Context{exchange_id, peer_}, n.bytes);
      });
      return 0;
    });
  }
  // Built step by step: g++ 12 mishandles a co_await inside a braced initializer.
  Sg186Call out;
  out.result = co_await sg186::exchange(endpoint_, n.bytes);
  out.serial = n.serial;
  out.request_bytes = n.bytes;
  last_exchange_ = Steady::now().time_since_epoch().count();
  const auto txn = sg186::txn_name(n.txn_code);
  metrics_.add("mstation_sg186_exchanges_total", {{"txn", txn}, {"result", result_label(out.result)}});
  metrics_.observe("mstation_sg186_exchange_seconds", {{"txn", txn}},
                   std::chrono::duration<double>(out.result.elapsed).count());
  if (!out.result.answer) {
    spdlog::warn("sg186 {} serial {}: {} ({})", txn, n.serial, sg186::to_string(out.result.kind), out.result.problem);
  }
  if (journaled == Journaled::by_caller) co_return out;
  try {
    co_await pool_.run([&](pqxx::connection&) {
      writes_.commit([&](pqxx::transaction_base&, std::vector<journal::Entry>& rows) {
        txn::journal_sg186_result(rows, txn::Sg186Context{exchange_id, peer_}, n.bytes, out.result);
      });
      return 0;
    });
    out.result_journaled = true;
  } catch (const std::exception& e) {
    spdlog::error("sg186 {} serial {}: the result could not be journaled: {}", txn, n.serial, e.what());
  }
  co_return out;
}

}  // namespace mstation::server
