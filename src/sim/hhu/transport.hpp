#pragma once
// One short connection (hhu-protocol.md §1): connect from the terminal's
// bound address, send one request frame, read the answer until the server closes.
#include <chrono>
#include <cstdint>
#include <string>

#include "mstation/common/hex.hpp"

namespace mstation::hhu_sim {

struct Endpoints {
  std::string server_host;
  std::uint16_t server_port = 0;
  std::string bind;  // the terminal's own address: the server checks it (A3)
};

// GPRS is slow, but a whole exchange never takes this long.
inline constexpr std::chrono::seconds exchange_limit{60};

// What arrived before the server closed (empty: closed without an answer).
// Throws std::runtime_error if the connection cannot be made or the limit passes.
Bytes send_and_receive(const Endpoints& where, const Bytes& request, std::chrono::seconds limit = exchange_limit);

}  // namespace mstation::hhu_sim
