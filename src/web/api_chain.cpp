// GET /api/chain: the journal's chains — each one's head, the verdict of
// the last whole-journal `mstation audit verify`, and the newest signed
// checkpoint in audit.checkpoint_dir, checked with the checkpoint key.
#include <filesystem>

#include "api_handlers.hpp"
#include "mstation/audit/checkpoint.hpp"
#include "mstation/journal/chain_verifier.hpp"
#include "mstation/store/timestamps.hpp"
#include "sql_json.hpp"

namespace mstation::web {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json heads(pqxx::transaction_base& tx) {
  json out = json::array();
  for (const auto& chain : journal::list_chains(tx)) {
    // Positions run 1, 2, 3, … without gaps: the head's position is the row count.
    auto head = row_json(tx,
                         "SELECT chain, chain_pos AS position, chain_pos AS rows, " +
                             store::iso_china_sql("recorded_at") +
                             " AS head_recorded_at FROM mstation.journal WHERE chain = $1 "
                             "ORDER BY chain_pos DESC LIMIT 1",
                         chain);
    if (!head.is_null()) out.push_back(std::move(head));
  }
  return out;
}

std::optional<fs::path> newest_checkpoint(const fs::path& dir) {
  std::error_code ec;
  std::optional<fs::path> newest;
  fs::file_time_type newest_time{};
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const auto name = entry.path().filename().string();
    if (name.rfind("checkpoint-", 0) != 0 || entry.path().extension() != ".json") continue;
    const auto t = entry.last_write_time(ec);
    if (!ec && (!newest || t > newest_time)) {
      newest = entry.path();
      newest_time = t;
    }
  }
  return newest;
}

json checkpoint_json(const config::Config& config) {
  const auto file = newest_checkpoint(config.audit.checkpoint_dir);
  if (!file) return nullptr;
  json out = {{"file", file->filename().string()}};
  try {
    const auto c = audit::read_checkpoint(*file, audit::load_checkpoint_key(config.audit.checkpoint_key_file));
    out["valid"] = true;
    out["taken_at"] = c.taken_at;
    out["instance"] = c.instance;
    out["chains"] = json::array();
    for (const auto& a : c.chains) out["chains"].push_back({{"chain", a.chain}, {"position", a.position}, {"rows", a.rows}});
  } catch (const std::exception& e) {
    out["valid"] = false;
    out["error"] = e.what();
  }
  return out;
}

}  // namespace

json chain_json(pqxx::transaction_base& tx, const config::Config& config) {
  return {{"chains", heads(tx)},
          {"last_verify", row_json(tx, "SELECT " + store::iso_china_sql("verified_at") +
                                           " AS verified_at, run_by, intact, chains FROM mstation.journal_verify_run "
                                           "ORDER BY verify_id DESC LIMIT 1")},
          {"last_checkpoint", checkpoint_json(config)}};
}

}  // namespace mstation::web
