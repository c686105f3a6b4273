#pragma once
// Database threads, each with its own libpqxx connection (a connection is
// single-threaded and libpqxx blocks). Coroutines co_await run(fn); fn runs on
// a database thread and its result (or exception) comes back on the
// coroutine's executor. A lost database is reconnected with backoff (one
// attempt per window, ReconnectBackoff); while it is down, run() throws
// DatabaseUnavailable at once. State changes are logged
// once each.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <pqxx/connection>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "mstation/common/asio.hpp"
#include "mstation/common/reconnect_backoff.hpp"
#include "mstation/journal/group_commit_writer.hpp"

namespace mstation::server {

using journal::DatabaseUnavailable;

class DbPool {
 public:
  // `on_connect`: statements run on every new connection (the timeouts).
  DbPool(std::string conninfo, std::size_t threads, std::string on_connect = "");
  ~DbPool();

  template <typename F>
  auto run(F fn) -> asio::awaitable<std::invoke_result_t<F&, pqxx::connection&>>;

  void stop();
  bool up() const;

 private:
  // nullptr: no connection could be had.
  using Job = std::function<void(pqxx::connection*)>;
  void enqueue(Job job);
  void work();
  pqxx::connection* connection_for(std::unique_ptr<pqxx::connection>& mine);
  void set_up(bool up, const std::string& why);

  std::string conninfo_;
  std::string on_connect_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  bool up_ = true;
  bool ever_up_ = false;
  ReconnectBackoff backoff_;
  std::vector<std::thread> threads_;
};

template <typename F>
auto DbPool::run(F fn) -> asio::awaitable<std::invoke_result_t<F&, pqxx::connection&>> {
  using Result = std::invoke_result_t<F&, pqxx::connection&>;
  auto executor = co_await asio::this_coro::executor;
  auto initiate = [this, executor](auto handler, F job) {
    auto shared = std::make_shared<decltype(handler)>(std::move(handler));
    enqueue([shared, executor, job = std::move(job)](pqxx::connection* connection) mutable {
      std::exception_ptr error;
      Result result{};
      try {
        if (connection == nullptr) throw DatabaseUnavailable("database unavailable");
        result = job(*connection);
      } catch (...) {
        error = std::current_exception();
      }
      asio::post(executor, [shared, error, result = std::move(result)]() mutable { (*shared)(error, std::move(result)); });
    });
  };
  co_return co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(std::exception_ptr, Result)>(
      std::move(initiate), asio::use_awaitable, std::move(fn));
}

}  // namespace mstation::server
