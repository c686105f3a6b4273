#pragma once
// Incremental HHU/1 frame reader for a byte stream: feed() what arrived, learn
// whether a frame is complete, more is needed, or the stream is bad. LEN is
// judged as soon as its 2 bytes arrive and MAGIC as soon as its 2 bytes
// arrive, before anything is allocated for the body.
#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "mstation/common/hex.hpp"

namespace mstation::hhu {

class FrameDecoder {
 public:
  enum class Status { need_more, complete, bad };

  struct Result {
    Status status = Status::need_more;
    std::size_t consumed = 0;  // bytes of the input that belong to the frame
    std::string reason;        // for bad
  };

  // largest_len: the largest LEN accepted (config terminal_listener.max_request_bytes).
  explicit FrameDecoder(std::size_t largest_len);

  Result feed(std::span<const std::uint8_t> bytes);

  // The complete frame's bytes (after Status::complete).
  const Bytes& frame() const { return body_; }
  // Everything received so far, even of a bad or incomplete frame (for the journal).
  Bytes received() const;
  // How many more bytes the frame needs (at least 1 while incomplete).
  std::size_t bytes_wanted() const;

 private:
  Result judge_prefix();

  std::size_t max_len_;
  std::array<std::uint8_t, 4> prefix_{};  // LEN + MAGIC
  std::size_t prefix_size_ = 0;
  std::size_t total_ = 0;  // whole frame size, once LEN is known
  Bytes body_;             // the whole frame, allocated once LEN and MAGIC passed
  Status status_ = Status::need_more;
  std::string reason_;
};

}  // namespace mstation::hhu
