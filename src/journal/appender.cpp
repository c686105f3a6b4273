#include "mstation/journal/appender.hpp"

#include <pqxx/pqxx>
#include <span>

#include "mstation/store/bytea.hpp"
#include "mstation/store/timestamps.hpp"

namespace mstation::journal {
namespace {

// SQL literals for one multi-row INSERT: all the rows of an append in one
// round trip. Strings go through the connection's quoting; bytea as '\x..'.
std::string literal(pqxx::transaction_base& tx, const std::optional<std::string>& value) {
  return value ? tx.quote(*value) : "NULL";
}

std::string literal(const std::optional<std::int64_t>& value) { return value ? std::to_string(*value) : "NULL"; }

std::string bytea_literal(std::span<const std::uint8_t> bytes) {
  std::string out = "'\\x";
  out += to_hex(bytes);
  out += "'::bytea";
  return out;
}

std::string row_values(pqxx::transaction_base& tx, const std::string& chain, std::int64_t position,
                       std::int64_t recorded_at_us, const Entry& e, const Sha256Digest& prev,
                       const Sha256Digest& hash) {
  const std::string fields[] = {
      "timestamptz 'epoch' + " + std::to_string(recorded_at_us) + " * interval '1 microsecond'",
      tx.quote(chain),
      std::to_string(position),
      tx.quote(e.kind),
      literal(e.exchange_id),
      literal(tx, e.peer),
      literal(tx, e.tid),
      literal(e.seq),
      literal(tx, e.txn),
      literal(tx, e.code),
      e.raw ? bytea_literal(*e.raw) : std::string("NULL"),
      literal(tx, e.decoded) + "::json",
      literal(tx, e.note),
      bytea_literal(prev),
      bytea_literal(hash)};
  std::string out = "(";
  for (const auto& f : fields) {
    if (out.size() > 1) out += ", ";
    out += f;
  }
  out += ")";
  return out;
}

}  // namespace

ChainHead read_chain_head(pqxx::transaction_base& tx, const std::string& chain) {
  const auto r = tx.exec_params(
      "SELECT chain_pos, row_hash FROM mstation.journal WHERE chain = $1 ORDER BY chain_pos DESC LIMIT 1", chain);
  ChainHead head;
  if (r.empty()) return head;
  head.position = r[0][0].as<std::int64_t>();
  const Bytes hash = store::bytes_of(r[0][1]);
  std::copy(hash.begin(), hash.end(), head.hash.begin());
  return head;
}

void Appender::begin(pqxx::transaction_base& tx) {
  if (!known_) {
    head_ = read_chain_head(tx, chain_);
    known_ = true;
  }
  tentative_ = head_;
}

void Appender::append(pqxx::transaction_base& tx, const std::vector<Entry>& entries) {
  if (entries.empty()) return;
  std::string sql =
      "INSERT INTO mstation.journal (recorded_at, chain, chain_pos, kind, exchange_id, peer, tid, seq, txn, code, "
      "raw, decoded, note, prev_hash, row_hash) VALUES ";
  ChainHead head = tentative_;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const std::int64_t position = head.position + 1;
    const std::int64_t at = store::epoch_us(Clock::now());
    const Sha256Digest hash = row_hash(head.hash, chain_, position, at, entries[i]);
    if (i > 0) sql += ", ";
    sql += row_values(tx, chain_, position, at, entries[i], head.hash, hash);
    head = {position, hash};
  }
  tx.exec(sql);
  tentative_ = head;  // only once the rows are in
}

}  // namespace mstation::journal
