#pragma once
// What sg186-sim can be told to get wrong in the statement it serves (050,
// 051), so that reconciliation's every class of difference can be produced
// on purpose: the books themselves stay right, only the statement lies.
// Set with `sg186-sim control` (faults.hpp) and applied by the Book.
#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "mstation/sg186/statement_file.hpp"

namespace mstation::sim {

struct StatementTweaks {
  std::set<std::string> drop;                   // serials left out of the file
  std::map<std::string, std::uint64_t> amount;  // serial → AMOUNT written instead
  unsigned add = 0;                             // lines SG186 has and the station never sent
  bool not_ready = false;                       // 050/051 answer 1002 for every date
  bool bad_totals = false;                      // 050's TOTAL_AMOUNT one fen above the file's

  bool changes_file() const { return !drop.empty() || !amount.empty() || add > 0; }
  // Drops, changes and adds lines of `file` (its totals recomputed, so the
  // file agrees with itself). Added lines charge `cons_no` 1.00 元 each.
  void apply(sg186::StatementFile& file, const std::string& cons_no) const;
};

}  // namespace mstation::sim
