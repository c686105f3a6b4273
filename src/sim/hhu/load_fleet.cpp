#include "load_fleet.hpp"

#include <fmt/format.h>

#include <fstream>
#include <map>

#include "mstation/common/split.hpp"
#include "usage.hpp"

namespace mstation::hhu_sim {
namespace {

// The lines of a file that are not blank, comments or a header, split at commas.
std::vector<std::vector<std::string>> rows_of(const std::string& path, std::size_t fields, const char* header) {
  std::ifstream in(path);
  if (!in) throw UsageError("cannot read " + path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#' || (n == 1 && line.rfind(header, 0) == 0)) continue;
    auto row = split(line, ',');
    if (row.size() != fields) throw UsageError(fmt::format("{} line {}: expected {} fields", path, n, fields));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::map<std::string, SecretBytes> tmks_of(const std::string& path) {
  std::map<std::string, SecretBytes> tmks;
  for (const auto& row : rows_of(path, 3, "tid,")) {
    auto bytes = from_hex(row[1]);
    if (!bytes) throw UsageError(path + ": the TMK of " + row[0] + " is not hex");
    tmks.emplace(row[0], SecretBytes(bytes->begin(), bytes->end()));
  }
  return tmks;
}

std::vector<std::pair<std::string, std::string>> operators_of(const LoadOptions& o) {
  if (o.operators_file.empty()) return {{o.operator_id, o.password}};
  std::vector<std::pair<std::string, std::string>> ops;
  for (const auto& row : rows_of(o.operators_file, 2, "operator_id,")) ops.emplace_back(row[0], row[1]);
  if (ops.empty()) throw UsageError(o.operators_file + " names no operator");
  return ops;
}

}  // namespace

Fleet load_fleet(const LoadOptions& o) {
  const auto tmks = tmks_of(o.tmk_file);
  const auto ops = operators_of(o);
  Fleet fleet;
  for (const auto& row : rows_of(o.fleet_file, 4, "tid,")) {
    if (o.terminals != 0 && fleet.terminals.size() == o.terminals) break;
    const auto suite = hhu::suite_from_name(row[2]);
    if (!suite) throw UsageError(o.fleet_file + ": terminal " + row[0] + " has suite '" + row[2] + "'");
    const auto tmk = tmks.find(row[0]);
    if (tmk == tmks.end()) throw UsageError(o.tmk_file + " has no TMK for terminal " + row[0]);
    const auto& op = ops[fleet.terminals.size() % ops.size()];
    fleet.terminals.push_back({hhu::TerminalClient(row[0], *suite, tmk->second), row[1], op.first, op.second});
  }
  if (fleet.terminals.size() < std::max<std::size_t>(o.terminals, 1)) {
    throw UsageError(fmt::format("{} has {} terminals, {} wanted", o.fleet_file, fleet.terminals.size(),
                                 std::max<std::size_t>(o.terminals, 1)));
  }
  std::ifstream in(o.customers_file);
  if (!in) throw UsageError("cannot read " + o.customers_file);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') fleet.customers.push_back(line);
  }
  if (fleet.customers.empty()) throw UsageError(o.customers_file + " names no customer");
  return fleet;
}

}  // namespace mstation::hhu_sim
