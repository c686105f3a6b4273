#include "latency_histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace mstation::hhu_sim {

// Values below 64 µs have a bucket each; above, 64 buckets per power of two.
std::size_t LatencyHistogram::index_of(std::uint64_t us) {
  if (us < sub_buckets) return static_cast<std::size_t>(us);
  const int shift = static_cast<int>(std::bit_width(us)) - 7;  // us >> shift is in [64, 128)
  const auto sub = static_cast<std::size_t>(us >> shift) - sub_buckets;  // 0..63
  const auto index = static_cast<std::size_t>(shift) * sub_buckets + sub_buckets + sub;
  return std::min(index, static_cast<std::size_t>(sub_buckets * magnitudes - 1));
}

std::uint64_t LatencyHistogram::upper_edge(std::size_t index) {
  if (index < sub_buckets) return index;
  const auto shift = index / sub_buckets - 1;
  const auto sub = index % sub_buckets;
  return ((sub_buckets + sub + 1) << shift) - 1;
}

void LatencyHistogram::record(std::chrono::nanoseconds latency) {
  const auto us = static_cast<std::uint64_t>(std::max<std::int64_t>(0, latency.count() / 1000));
  ++buckets_[index_of(us)];
  ++count_;
  max_us_ = std::max(max_us_, us);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (std::size_t i = 0; i < buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  max_us_ = std::max(max_us_, other.max_us_);
}

std::chrono::microseconds LatencyHistogram::at(double q) const {
  if (count_ == 0) return std::chrono::microseconds(0);
  const auto rank = static_cast<std::uint64_t>(std::ceil(std::clamp(q, 0.0, 1.0) * static_cast<double>(count_)));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen >= std::max<std::uint64_t>(rank, 1)) {
      return std::chrono::microseconds(std::min(upper_edge(i), max_us_));
    }
  }
  return max();
}

}  // namespace mstation::hhu_sim
