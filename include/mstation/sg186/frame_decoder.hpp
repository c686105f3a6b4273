#pragma once
// Incremental reader of SG186 messages from a byte stream: 10 ASCII digits
// of LEN (judged as soon as they arrive, before the rest is allocated), then
// LEN bytes.
#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "mstation/sg186/header.hpp"

namespace mstation::sg186 {

class FrameDecoder {
 public:
  enum class Status { need_more, complete, bad };
  struct Result {
    Status status = Status::need_more;
    std::size_t consumed = 0;
    std::string reason;
  };

  Result feed(std::string_view bytes);
  Result feed(std::span<const std::uint8_t> bytes) {
    return feed(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  }
  const std::string& message() const { return message_; }  // LEN included, once complete
  std::size_t bytes_wanted() const;

 private:
  Result judge_len();

  std::string message_;
  std::size_t total_ = 0;  // LEN + 10, once LEN is known
  Status status_ = Status::need_more;
  std::string reason_;
};

}  // namespace mstation::sg186
