#include "mstation/store/terminal_store.hpp"

#include <pqxx/pqxx>

#include "mstation/store/bytea.hpp"
#include "mstation/store/prepared.hpp"

namespace mstation::store {
const char* const terminal_columns =
    "tid, host(bound_ip), suite, station, enabled, tmk_wrapped, tmk_kcv, kek_id, seq_epoch, highest_seq, key_version";

TerminalRecord terminal_from_row(const pqxx::row& r, int f) {
  TerminalRecord t;
  t.tid = r[f + 0].as<std::string>();
  t.bound_ip = r[f + 1].as<std::string>();
  t.suite = hhu::suite_from_byte(static_cast<std::uint8_t>(r[f + 2].as<int>())).value_or(hhu::Suite::tdea);
  t.station = r[f + 3].as<std::string>();
  t.enabled = r[f + 4].as<bool>();
  t.tmk_sealed = bytes_of(r[f + 5]);
  t.tmk_kcv = r[f + 6].as<std::string>();
  t.kek_id = r[f + 7].as<std::string>();
  t.seq_epoch = r[f + 8].as<int>();
  t.highest_seq = r[f + 9].as<std::int64_t>();
  t.key_version = r[f + 10].as<int>();
  return t;
}

namespace {

const char* const columns = terminal_columns;
TerminalRecord from_row(const pqxx::row& r) { return terminal_from_row(r, 0); }

std::optional<TerminalRecord> select_one(pqxx::transaction_base& tx, const std::string& tid, const char* suffix) {
  const auto result =
      exec_prepared(tx, std::string("SELECT ") + columns + " FROM mstation.terminal WHERE tid = $1" + suffix, tid);
  if (result.empty()) return std::nullopt;
  return from_row(result[0]);
}

}  // namespace

std::optional<TerminalRecord> find_terminal(pqxx::transaction_base& tx, const std::string& tid) {
  return select_one(tx, tid, "");
}

std::optional<TerminalRecord> lock_terminal(pqxx::transaction_base& tx, const std::string& tid) {
  return select_one(tx, tid, " FOR UPDATE");
}

std::vector<TerminalRecord> list_terminals(pqxx::transaction_base& tx) {
  std::vector<TerminalRecord> out;
  for (const auto& row : tx.exec(std::string("SELECT ") + columns + " FROM mstation.terminal ORDER BY tid")) {
    out.push_back(from_row(row));
  }
  return out;
}

void insert_terminal(pqxx::transaction_base& tx, const TerminalRecord& t) {
  exec_prepared(tx,
                "INSERT INTO mstation.terminal (tid, bound_ip, suite, station, enabled, tmk_wrapped, tmk_kcv, kek_id) "
                "VALUES ($1, $2::inet, $3, $4, $5, $6, $7, $8)",
                t.tid, t.bound_ip, static_cast<int>(t.suite), t.station, t.enabled, as_bytea(t.tmk_sealed), t.tmk_kcv,
                t.kek_id);
}

bool set_terminal_enabled(pqxx::transaction_base& tx, const std::string& tid, bool enabled) {
  return exec_prepared(tx, "UPDATE mstation.terminal SET enabled = $2, updated_at = now() WHERE tid = $1", tid, enabled)
             .affected_rows() == 1;
}

bool replace_tmk(pqxx::transaction_base& tx, const std::string& tid, const Bytes& sealed, const std::string& kcv,
                 const std::string& kek_id) {
  return exec_prepared(tx,
                       "UPDATE mstation.terminal SET tmk_wrapped = $2, tmk_kcv = $3, kek_id = $4, updated_at = now() "
                       "WHERE tid = $1",
                       tid, as_bytea(sealed), kcv, kek_id)
             .affected_rows() == 1;
}

std::optional<int> start_new_seq_epoch(pqxx::transaction_base& tx, const std::string& tid) {
  const auto r =
      exec_prepared(tx,
                    "UPDATE mstation.terminal SET seq_epoch = seq_epoch + 1, highest_seq = 0, updated_at = now() "
                    "WHERE tid = $1 RETURNING seq_epoch",
                    tid);
  if (r.empty()) return std::nullopt;
  return r[0][0].as<int>();
}

bool advance_highest_seq(pqxx::transaction_base& tx, const std::string& tid, int epoch, std::uint32_t seq) {
  return exec_prepared(tx,
                       "UPDATE mstation.terminal SET highest_seq = $3 "
                       "WHERE tid = $1 AND seq_epoch = $2 AND highest_seq < $3",
                       tid, epoch, static_cast<std::int64_t>(seq))
             .affected_rows() == 1;
}

void set_key_version(pqxx::transaction_base& tx, const std::string& tid, int version) {
  exec_prepared(tx, "UPDATE mstation.terminal SET key_version = $2, updated_at = now() WHERE tid = $1", tid, version);
}

}  // namespace mstation::store
