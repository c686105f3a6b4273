#include "mstation/journal/appender.hpp"

#include <pqxx/pqxx>

#include "mstation/store/bytea.hpp"
#include "mstation/store/timestamps.hpp"

namespace mstation::journal {
namespace {

// bytea in its text input form, so that a missing value can be NULL.
std::optional<std::string> bytea_text(const std::optional<Bytes>& bytes) {
  if (!bytes) return std::nullopt;
  return "\\x" + to_hex(*bytes);
}

void insert(pqxx::transaction_base& tx, const std::string& chain, std::int64_t position, std::int64_t recorded_at_us,
            const Entry& e, const Sha256Digest& prev, const Sha256Digest& hash) {
  tx.exec_params(
      "INSERT INTO mstation.journal (recorded_at, chain, chain_pos, kind, exchange_id, peer, tid, seq, txn, code, "
      "raw, decoded, note, prev_hash, row_hash) VALUES (timestamptz 'epoch' + $1 * interval '1 microsecond', "
      "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::json, $13, $14, $15)",
      recorded_at_us, chain, position, e.kind, e.exchange_id, e.peer, e.tid, e.seq, e.txn, e.code, bytea_text(e.raw),
      e.decoded, e.note, store::as_bytea(prev), store::as_bytea(hash));
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
  for (const auto& e : entries) {
    const std::int64_t position = tentative_.position + 1;
    const std::int64_t at = store::epoch_us(Clock::now());
    const Sha256Digest hash = row_hash(tentative_.hash, chain_, position, at, e);
    insert(tx, chain_, position, at, e, tentative_.hash, hash);
    tentative_ = {position, hash};
  }
}

}  // namespace mstation::journal
