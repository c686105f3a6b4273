#include "mstation/audit/journal_audit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <pqxx/pqxx>

#include "mstation/common/hex.hpp"
#include "mstation/journal/appender.hpp"
#include "mstation/store/bytea.hpp"

namespace mstation::audit {
namespace {

const ChainAnchor* anchor_of(const std::optional<Checkpoint>& checkpoint, const std::string& chain) {
  if (!checkpoint) return nullptr;
  for (const auto& a : checkpoint->chains) {
    if (a.chain == chain) return &a;
  }
  return nullptr;
}

journal::ChainCheck broken(const std::string& chain, std::int64_t position, std::string reason) {
  journal::ChainCheck c;
  c.chain = chain;
  c.first_broken = position;
  c.reason = std::move(reason);
  return c;
}

// The anchor's row still there with the signed hash, and as many rows up to it as were counted.
// A retention boundary's anchored row has normally left with its month: then
// only what follows it is checked; if it is still there, it must be the signed row.
std::optional<journal::ChainCheck> check_anchor(pqxx::transaction_base& tx, const ChainAnchor& a,
                                                const Checkpoint& checkpoint) {
  const auto& taken_at = checkpoint.taken_at;
  const auto rows = tx.exec_params(
      "SELECT journal_id, row_hash FROM mstation.journal WHERE chain = $1 AND chain_pos = $2 ORDER BY journal_id",
      a.chain, a.position);
  if (rows.empty() && checkpoint.retention_boundary()) return std::nullopt;
  if (rows.empty()) {
    return broken(a.chain, a.position,
                  fmt::format("deleted: the row the checkpoint of {} anchored at position {} is gone", taken_at,
                              a.position));
  }
  const Bytes found = store::bytes_of(rows[0][1]);
  if (!std::equal(found.begin(), found.end(), a.head_hash.begin(), a.head_hash.end())) {
    auto c = broken(a.chain, a.position,
                    fmt::format("rewritten: position {} has row_hash {}, the checkpoint of {} signed {} (history "
                                "up to it was changed and its hashes recomputed)",
                                a.position, to_hex(found), taken_at, to_hex(a.head_hash)));
    c.journal_id = rows[0][0].as<std::int64_t>();
    return c;
  }
  if (checkpoint.retention_boundary()) return std::nullopt;  // rows before it may already be archived
  const auto counted = tx.exec_params1("SELECT count(*) FROM mstation.journal WHERE chain = $1 AND chain_pos <= $2",
                                       a.chain, a.position)[0]
                           .as<std::int64_t>();
  if (counted != a.rows) {
    return broken(a.chain, a.position,
                  fmt::format("rows up to position {} are {}, the checkpoint of {} counted {} (rows deleted or "
                              "inserted before it)",
                              a.position, counted, taken_at, a.rows));
  }
  return std::nullopt;
}

// The row after which rows recorded from `day` on start, or nothing when none are.
std::optional<journal::ChainHead> start_of_day(pqxx::transaction_base& tx, const std::string& chain,
                                               const std::string& day) {
  const auto first = tx.exec_params1(
      "SELECT min(chain_pos) FROM mstation.journal WHERE chain = $1 AND recorded_at >= ($2 || ' 00:00:00+08')::timestamptz",
      chain, day)[0];
  if (first.is_null()) return std::nullopt;
  return journal::read_chain_head(tx, chain, first.as<std::int64_t>());
}

// The last position recorded up to the end of `day`, 0 when none.
std::int64_t end_of_day(pqxx::transaction_base& tx, const std::string& chain, const std::string& day) {
  const auto last = tx.exec_params1(
      "SELECT max(chain_pos) FROM mstation.journal WHERE chain = $1 "
      "AND recorded_at < ($2 || ' 00:00:00+08')::timestamptz + interval '1 day'",
      chain, day)[0];
  return last.is_null() ? 0 : last.as<std::int64_t>();
}

journal::ChainCheck audit_chain(pqxx::transaction_base& tx, const std::string& chain, const AuditOptions& o) {
  journal::VerifyRange range;
  if (const auto* a = anchor_of(o.checkpoint, chain)) {
    if (auto problem = check_anchor(tx, *a, *o.checkpoint)) return *problem;
    range.after = {a->position, a->head_hash};
  }
  if (o.from) {
    const auto start = start_of_day(tx, chain, *o.from);
    if (!start) return {chain, 0, std::nullopt, std::nullopt, "", range.after};  // nothing recorded since
    if (start->position > range.after.position) range.after = *start;
  }
  if (o.to) {
    range.up_to = end_of_day(tx, chain, *o.to);
    if (range.up_to <= range.after.position) return {chain, 0, std::nullopt, std::nullopt, "", range.after};
  }
  return journal::verify_chain(tx, chain, range);
}

}  // namespace

bool AuditReport::intact() const {
  return std::none_of(chains.begin(), chains.end(), [](const auto& c) { return c.first_broken.has_value(); });
}

AuditReport audit_journal(pqxx::transaction_base& tx, const AuditOptions& options) {
  const std::vector<std::string> present = journal::list_chains(tx);
  std::vector<std::string> names = present;
  if (options.checkpoint) {
    for (const auto& a : options.checkpoint->chains) {
      if (std::find(names.begin(), names.end(), a.chain) == names.end()) names.push_back(a.chain);
    }
    std::sort(names.begin(), names.end());
  }
  if (options.chain) names.assign(1, *options.chain);
  AuditReport report;
  for (const auto& name : names) {
    const bool exists = std::find(present.begin(), present.end(), name) != present.end();
    const auto* anchor = anchor_of(options.checkpoint, name);
    // A chain all of whose rows left with a retained month is gone by design.
    if (!exists && anchor && !options.checkpoint->retention_boundary()) {
      report.chains.push_back(broken(name, anchor->position,
                                     fmt::format("deleted: the chain is gone; the checkpoint of {} anchored it at "
                                                 "position {}",
                                                 options.checkpoint->taken_at, anchor->position)));
      continue;
    }
    report.chains.push_back(audit_chain(tx, name, options));
  }
  return report;
}

nlohmann::json report_json(const AuditReport& report) {
  nlohmann::json chains = nlohmann::json::array();
  for (const auto& c : report.chains) {
    nlohmann::json j = {{"chain", c.chain}, {"rows_verified", c.rows}, {"intact", !c.first_broken}};
    if (c.first_broken) {
      j["position"] = *c.first_broken;
      j["journal_id"] = c.journal_id ? nlohmann::json(*c.journal_id) : nlohmann::json(nullptr);
      j["reason"] = c.reason;
    } else {
      j["last_position"] = c.last.position;
    }
    chains.push_back(std::move(j));
  }
  return {{"intact", report.intact()}, {"chains", chains}};
}

void record_verify_run(pqxx::transaction_base& tx, const AuditReport& report) {
  tx.exec_params("INSERT INTO mstation.journal_verify_run (intact, chains) VALUES ($1, $2::jsonb)", report.intact(),
                 report_json(report)["chains"].dump());
}

}  // namespace mstation::audit
