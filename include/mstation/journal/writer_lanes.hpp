#pragma once
// Several group-commit writers side by side (database.writer_lanes), each
// with its own connection, its own batches and its own journal chain
// "<instance>/<lane>". PostgreSQL merges the lanes' WAL flushes, so commits
// no longer queue behind one connection's round trips.
//
// A terminal's requests always go to the same lane (by its TID), so its
// journal rows stay in the order the terminal sent them; the station's own
// writes (SG186 sign-in, heartbeats, the SAF worker) use lane 0.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mstation/journal/group_commit_writer.hpp"

namespace mstation::journal {

class WriterLanes {
 public:
  WriterLanes(const std::string& conninfo, const std::string& instance, std::size_t lanes,
              const GroupCommitWriter::Options& options);

  // The lane of this terminal (or of any key: the same key, the same lane).
  GroupCommitWriter& for_terminal(std::string_view tid);
  GroupCommitWriter& lane(std::size_t i) { return *lanes_.at(i); }
  std::size_t size() const { return lanes_.size(); }

  void stop();
  // The most stalled lane's.
  WriterHealth health() const;

  static std::string chain_name(const std::string& instance, std::size_t lane);
  static std::size_t lane_of(std::string_view key, std::size_t lanes);

 private:
  std::vector<std::unique_ptr<GroupCommitWriter>> lanes_;
};

}  // namespace mstation::journal
