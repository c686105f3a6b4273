#include "mstation/journal/writer_lanes.hpp"

#include <stdexcept>

#include "mstation/common/fnv1a.hpp"

namespace mstation::journal {

WriterLanes::WriterLanes(const std::string& conninfo, const std::string& instance, std::size_t lanes,
                         const GroupCommitWriter::Options& options) {
  if (lanes == 0) throw std::invalid_argument("at least one writer lane");
  for (std::size_t i = 0; i < lanes; ++i) {
    lanes_.push_back(std::make_unique<GroupCommitWriter>(conninfo, chain_name(instance, i), options));
  }
}

std::string WriterLanes::chain_name(const std::string& instance, std::size_t lane) {
  return instance + "/" + std::to_string(lane);
}

// FNV-1a: the same TID lands on the same lane in every process and build.
std::size_t WriterLanes::lane_of(std::string_view key, std::size_t lanes) {
  return static_cast<std::size_t>(fnv1a64(key) % lanes);
}

GroupCommitWriter& WriterLanes::for_terminal(std::string_view tid) { return *lanes_[lane_of(tid, lanes_.size())]; }

void WriterLanes::stop() {
  for (auto& l : lanes_) l->stop();
}

WriterHealth WriterLanes::health() const {
  WriterHealth worst;
  for (const auto& l : lanes_) worst.stalled = std::max(worst.stalled, l->health().stalled);
  return worst;
}

}  // namespace mstation::journal
