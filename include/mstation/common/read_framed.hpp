#pragma once
// The one read-until-complete loop for every framed socket (the terminal
// sessions, the SG186 client, the simulator): reads no more than the decoder
// still wants, feeds it, and stops at a complete frame, a frame the decoder
// calls bad, the peer closing, an error, or the caller's Deadline.
//
// Decoder: bytes_wanted(), feed(std::span<const std::uint8_t>) returning
// {status, reason} with Decoder::Status::{need_more, complete, bad}.
#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "mstation/common/asio.hpp"
#include "mstation/common/deadline.hpp"

#ifndef MSTATION_NO_COROUTINES

namespace mstation {

struct FramedRead {
  enum class End { complete, bad, closed, timed_out, failed };
  End end = End::failed;
  std::string reason;  // bad: the decoder's; failed: the socket error's; else empty
  bool complete() const { return end == End::complete; }
};

template <typename Decoder>
asio::awaitable<FramedRead> read_framed(asio::ip::tcp::socket& socket, Decoder& decoder, const Deadline& deadline) {
  std::array<std::uint8_t, 4096> buffer{};
  while (true) {
    boost::system::error_code ec;
    const std::size_t want = std::min(buffer.size(), decoder.bytes_wanted());
    const std::size_t n = co_await socket.async_read_some(asio::buffer(buffer.data(), want),
                                                          asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (deadline.expired()) co_return FramedRead{FramedRead::End::timed_out, ""};
      const bool closed = ec == asio::error::eof || ec == asio::error::connection_reset;
      co_return closed ? FramedRead{FramedRead::End::closed, ""} : FramedRead{FramedRead::End::failed, ec.message()};
    }
    const auto r = decoder.feed(std::span<const std::uint8_t>(buffer.data(), n));
    if (r.status == Decoder::Status::bad) co_return FramedRead{FramedRead::End::bad, r.reason};
    if (r.status == Decoder::Status::complete) co_return FramedRead{FramedRead::End::complete, ""};
  }
}

}  // namespace mstation

#endif
