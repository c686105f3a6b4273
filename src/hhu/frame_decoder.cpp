#include "mstation/hhu/frame_decoder.hpp"

#include <algorithm>

#include "mstation/hhu/frame.hpp"

namespace mstation::hhu {

FrameDecoder::FrameDecoder(std::size_t largest_len) : max_len_(std::min(largest_len, max_len)) {}

FrameDecoder::Result FrameDecoder::judge_prefix() {
  if (prefix_size_ == 2) {
    const std::size_t len = static_cast<std::size_t>(prefix_[0]) << 8 | prefix_[1];
    if (len < min_len || len > max_len_) {
      status_ = Status::bad;
      reason_ = "LEN " + std::to_string(len) + " outside " + std::to_string(min_len) + ".." + std::to_string(max_len_);
    }
  } else if (prefix_size_ == 4) {
    if (prefix_[2] != 'H' || prefix_[3] != 'H') {
      status_ = Status::bad;
      reason_ = "MAGIC is not HH";
      return {status_, 0, reason_};
    }
    total_ = len_field_size + (static_cast<std::size_t>(prefix_[0]) << 8 | prefix_[1]);
    body_.reserve(total_);
    body_.assign(prefix_.begin(), prefix_.end());
  }
  return {status_, 0, reason_};
}

FrameDecoder::Result FrameDecoder::feed(std::span<const std::uint8_t> bytes) {
  if (status_ != Status::need_more) return {status_, 0, reason_};
  std::size_t i = 0;
  while (prefix_size_ < prefix_.size() && i < bytes.size()) {
    prefix_[prefix_size_++] = bytes[i++];
    judge_prefix();
    if (status_ == Status::bad) return {status_, i, reason_};
  }
  if (total_ > 0) {
    const std::size_t take = std::min(bytes.size() - i, total_ - body_.size());
    body_.insert(body_.end(), bytes.begin() + static_cast<std::ptrdiff_t>(i),
                 bytes.begin() + static_cast<std::ptrdiff_t>(i + take));
    i += take;
    if (body_.size() == total_) status_ = Status::complete;
  }
  return {status_, i, reason_};
}

Bytes FrameDecoder::received() const {
  if (!body_.empty()) return body_;
  return Bytes(prefix_.begin(), prefix_.begin() + static_cast<std::ptrdiff_t>(prefix_size_));
}

std::size_t FrameDecoder::bytes_wanted() const {
  if (status_ != Status::need_more) return 0;
  // LEN is judged on its own 2 bytes, MAGIC on its own 2, before more is read.
  if (prefix_size_ < len_field_size) return len_field_size - prefix_size_;
  if (total_ == 0) return prefix_.size() - prefix_size_;
  return total_ - body_.size();
}

}  // namespace mstation::hhu
