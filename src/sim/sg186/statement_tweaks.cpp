#include "mstation/sim/statement_tweaks.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace mstation::sim {

void StatementTweaks::apply(sg186::StatementFile& file, const std::string& cons_no) const {
  auto& lines = file.lines;
  lines.erase(std::remove_if(lines.begin(), lines.end(), [&](const auto& l) { return drop.contains(l.serial); }),
              lines.end());
  for (auto& l : lines) {
    if (const auto it = amount.find(l.serial); it != amount.end()) l.amount_fen = it->second;
  }
  for (unsigned i = 1; i <= add; ++i) {
    // A serial of the station's shape that the station never used: its sequence never reaches 9…9.
    lines.push_back({fmt::format("{:08}9999999{:05}", file.check_date, i), fmt::format("CX{:018}", i), cons_no, 11,
                     100, file.check_date, 120000, "", '1'});
  }
  sg186::compute_totals(file);
}

}  // namespace mstation::sim
