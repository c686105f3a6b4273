#pragma once
// `mstation audit verify`: every chain of the journal (or one) recomputed,
// from its first row, from a signed checkpoint's anchor, or from a date; each
// chain's verdict (journal/chain_verifier.hpp names the first bad row).
// Against a checkpoint, a chain is also broken when the row the checkpoint
// anchors is gone or has another hash (history rewritten before it, even
// with every hash recomputed), when the rows up to it are not as many as
// were counted, or when a chain the checkpoint knew is gone.
#include <nlohmann/json.hpp>
#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "mstation/audit/checkpoint.hpp"
#include "mstation/journal/chain_verifier.hpp"

namespace mstation::audit {

struct AuditOptions {
  std::optional<std::string> chain;       // only this chain
  std::optional<std::string> from;        // YYYY-MM-DD, UTC+8: rows recorded from that day on
  std::optional<std::string> to;          // YYYY-MM-DD, UTC+8: rows recorded up to that day, inclusive
  std::optional<Checkpoint> checkpoint;   // start each chain at its anchor
};

struct AuditReport {
  std::vector<journal::ChainCheck> chains;
  bool intact() const;
};

// The caller's transaction should be REPEATABLE READ, READ ONLY.
AuditReport audit_journal(pqxx::transaction_base& tx, const AuditOptions& options);

// {"intact", "chains": [{"chain", "rows_verified", "intact", and "last_position",
// or "position", "journal_id", "reason" of the first bad row}]}.
nlohmann::json report_json(const AuditReport& report);

// Keeps the verdict in mstation.journal_verify_run (the console's chain
// status shows the last), in the caller's own (writable) transaction.
void record_verify_run(pqxx::transaction_base& tx, const AuditReport& report);

}  // namespace mstation::audit
