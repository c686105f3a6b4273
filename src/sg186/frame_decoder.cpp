#include "mstation/sg186/frame_decoder.hpp"

#include <fmt/format.h>

#include "mstation/common/printable.hpp"

#include <algorithm>

namespace mstation::sg186 {

FrameDecoder::Result FrameDecoder::judge_len() {
  std::size_t len = 0;
  for (char c : message_) {
    if (c < '0' || c > '9') {
      status_ = Status::bad;
      reason_ = fmt::format("LEN '{}' is not 10 digits", printable(message_));
      return {status_, 0, reason_};
    }
    len = len * 10 + static_cast<std::size_t>(c - '0');
  }
  if (len < header_size || len > max_frame_len) {
    status_ = Status::bad;
    reason_ = fmt::format("LEN {} outside {}..{}", len, header_size, max_frame_len);
    return {status_, 0, reason_};
  }
  total_ = len_digits + len;
  message_.reserve(total_);
  return {status_, 0, reason_};
}

FrameDecoder::Result FrameDecoder::feed(std::string_view bytes) {
  if (status_ != Status::need_more) return {status_, 0, reason_};
  std::size_t i = 0;
  if (total_ == 0) {
    const std::size_t take = std::min(len_digits - message_.size(), bytes.size());
    message_.append(bytes.substr(0, take));
    i = take;
    if (message_.size() < len_digits) return {status_, i, reason_};
    if (judge_len().status == Status::bad) return {status_, i, reason_};
  }
  const std::size_t take = std::min(total_ - message_.size(), bytes.size() - i);
  message_.append(bytes.substr(i, take));
  i += take;
  if (message_.size() == total_) status_ = Status::complete;
  return {status_, i, reason_};
}

std::size_t FrameDecoder::bytes_wanted() const {
  if (status_ != Status::need_more) return 0;
  return total_ == 0 ? len_digits - message_.size() : total_ - message_.size();
}

}  // namespace mstation::sg186
