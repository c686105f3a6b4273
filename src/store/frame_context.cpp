#include "mstation/store/frame_context.hpp"

#include <pqxx/pqxx>

#include "mstation/store/bytea.hpp"
#include "mstation/store/prepared.hpp"

namespace mstation::store {
namespace {

// Column positions in the joined row.
constexpr int terminal_at = 0, request_at = 11, key_at = 15, operator_at = 26;

std::string frame_context_sql() {
  return std::string("SELECT t.*, r.*, w.*, o.enabled FROM (SELECT ") + terminal_columns +
         " FROM mstation.terminal WHERE tid = $1) t "
         "LEFT JOIN LATERAL (SELECT " + request_columns +
         " FROM mstation.terminal_request WHERE tid = $1 AND seq = $2 AND request_sha256 = $3 "
         "  ORDER BY seq_epoch DESC LIMIT 1) r ON true "
         "LEFT JOIN LATERAL (SELECT " + working_key_columns +
         " FROM mstation.working_key WHERE tid = $1 AND key_version = $4) w ON true "
         "LEFT JOIN LATERAL (SELECT enabled FROM mstation.operator WHERE operator_id = w.operator_id) o ON true";
}

}  // namespace

FrameContext load_frame_context(pqxx::transaction_base& tx, const std::string& tid, std::uint32_t seq,
                                const Sha256Digest& digest, int key_version) {
  static const std::string sql = frame_context_sql();
  const auto r = exec_prepared(tx, sql, tid, static_cast<std::int64_t>(seq), as_bytea(digest), key_version);
  FrameContext context;
  if (r.empty()) return context;
  const auto& row = r[0];
  context.terminal = terminal_from_row(row, terminal_at);
  if (!row[request_at].is_null()) context.prior = request_from_row(row, request_at);
  if (!row[key_at].is_null()) context.working_key = working_key_from_row(row, key_at);
  context.operator_enabled = !row[operator_at].is_null() && row[operator_at].as<bool>();
  return context;
}

}  // namespace mstation::store
