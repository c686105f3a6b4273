#pragma once
// The master station's link to SG186 for one exchange at a time: number the
// request (store/sg186_serial), journal it, send it (sg186/client), journal
// what came back, count it in /metrics. Safe to use from many coroutines.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "mstation/admin/metrics.hpp"
#include "mstation/config/config.hpp"
#include "mstation/journal/committer.hpp"
#include "mstation/server/db_pool.hpp"
#include "mstation/sg186/client.hpp"

namespace mstation::server {

struct Sg186Call {
  std::string serial;
  std::string request_bytes;
  sg186::ExchangeResult result;
  bool result_journaled = false;  // false if the database failed after the exchange
};

class Sg186Link {
 public:
  Sg186Link(const config::Config& config, DbPool& pool, journal::Committer& writes, admin::Metrics& metrics);

  // not_yet: the link journals the request before sending it and the
  // result after, each in a commit of its own. by_caller: the caller
  // journaled the request in its write-ahead and journals the result in its
  // finish commit (the request pipeline: two commits per transaction).
  enum class Journaled { by_caller, not_yet };

  // The station's own requests (sign-in, heartbeat): numbers the request in
  // a commit of its own, then sends it. Throws (DatabaseUnavailable, pqxx
  // errors) only if the request could not be numbered and journaled, in
  // which case nothing was sent. `exchange_id` groups the journal rows; by
  // default the serial's number.
  asio::awaitable<Sg186Call> call(sg186::Request request, std::optional<std::int64_t> exchange_id = std::nullopt);

  // A request numbered elsewhere (a handler's write-ahead, the SAF queue).
  // With not_yet, journals the request first — and throws, sending nothing,
  // if it cannot.
  asio::awaitable<Sg186Call> send(sg186::NumberedRequest request, std::int64_t exchange_id, Journaled journaled);

  // When the last exchange (of any kind) finished: heartbeats fill silences only.
  std::chrono::steady_clock::time_point last_exchange() const;
  const sg186::Endpoint& endpoint() const { return endpoint_; }

 private:
  const std::string agency_;
  const std::string peer_;
  sg186::Endpoint endpoint_;
  DbPool& pool_;
  journal::Committer& writes_;
  admin::Metrics& metrics_;
  std::atomic<std::chrono::steady_clock::rep> last_exchange_{0};
};

void describe_sg186_metrics(admin::Metrics& metrics);

}  // namespace mstation::server
