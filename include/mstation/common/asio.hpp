#pragma once
// Include this header, never <boost/asio.hpp> directly.
//
// Boost 1.74 / Asio 1.18 with C++20 coroutines (design.md §7):
// - <utility> must come before Asio, or std::exchange is missing in its
//   coroutine support with g++ 12;
// - coroutines are named functions taking their arguments by value (a
//   capturing lambda coroutine dangles once the lambda object is gone);
// - co_spawn with a completion handler that logs the exception_ptr
//   (mstation::log_coroutine_failure), never bare `detached`;
// - use redirect_error(use_awaitable, ec) for errors that are expected.
#include <utility>

#include <boost/asio.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

// Asio 1.18 enables co_await for g++ only. The clang fuzz build compiles no
// coroutine and says so with MSTATION_NO_COROUTINES.
#if !defined(BOOST_ASIO_HAS_CO_AWAIT) && !defined(MSTATION_NO_COROUTINES)
#error "Asio was not configured with C++20 coroutine support"
#endif

namespace mstation {
namespace asio = boost::asio;
}  // namespace mstation
