#pragma once
// One terminal connection = one transaction (hhu-protocol.md §1): read one
// frame under frame_timeout, run the request pipeline on a database thread,
// send the answer, close.
#include <memory>

#include "mstation/common/asio.hpp"
#include "mstation/server/services.hpp"

namespace mstation::server {

asio::awaitable<void> serve_terminal(asio::ip::tcp::socket socket, Services services,
                                     std::unique_ptr<ConnectionLimits::Slot> slot, std::int64_t exchange_id);

}  // namespace mstation::server
