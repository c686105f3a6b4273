#include "mstation/journal/appender.hpp"

#include <algorithm>
#include <deque>
#include <pqxx/pqxx>
#include <span>
#include <stdexcept>

#include "mstation/common/printable.hpp"
#include "mstation/store/bytea.hpp"
#include "mstation/store/prepared.hpp"
#include "mstation/store/timestamps.hpp"

namespace mstation::journal {
namespace {

// One multi-row INSERT: all the rows of an append in one round trip, as a
// prepared statement per number of rows (at most rows_per_statement, so a
// few shapes per connection). Values travel as text parameters (NULL as a
// null pointer); bytea as '\x..' hex, which the server decodes cheaply.
constexpr std::size_t columns_per_row = 15;
constexpr std::size_t rows_per_statement = 8;

std::string insert_sql(std::size_t rows) {
  std::string sql =
      "INSERT INTO mstation.journal (recorded_at, chain, chain_pos, kind, exchange_id, peer, tid, seq, txn, code, "
      "raw, decoded, note, prev_hash, row_hash) VALUES ";
  for (std::size_t r = 0; r < rows; ++r) {
    const std::size_t p = r * columns_per_row;
    auto n = [&](std::size_t i) { return "$" + std::to_string(p + i); };
    if (r > 0) sql += ", ";
    sql += "(timestamptz 'epoch' + " + n(1) + "::bigint * interval '1 microsecond', " + n(2) + ", " + n(3) +
           "::bigint, " + n(4) + ", " + n(5) + "::bigint, " + n(6) + ", " + n(7) + ", " + n(8) + "::bigint, " + n(9) +
           ", " + n(10) + ", " + n(11) + "::bytea, " + n(12) + "::json, " + n(13) + ", " + n(14) + "::bytea, " + n(15) +
           "::bytea)";
  }
  return sql;
}

// The text parameters of the rows being inserted; values() points into them.
class RowParameters {
 public:
  void add(const std::string& chain, std::int64_t position, std::int64_t recorded_at_us, const Entry& e,
           const Sha256Digest& prev, const Sha256Digest& hash) {
    text(std::to_string(recorded_at_us));
    text(chain);
    text(std::to_string(position));
    text(e.kind);
    number(e.exchange_id);
    optional(e.peer);
    optional(e.tid);
    number(e.seq);
    optional(e.txn);
    optional(e.code);
    if (e.raw) {
      bytea(*e.raw);
    } else {
      null();
    }
    optional(e.decoded);
    optional(e.note);
    bytea(prev);
    bytea(hash);
  }

  std::vector<const char*> values() const {
    std::vector<const char*> out;
    out.reserve(texts_.size());
    for (std::size_t i = 0; i < texts_.size(); ++i) out.push_back(null_[i] ? nullptr : texts_[i].c_str());
    return out;
  }

 private:
  void text(std::string value) {
    texts_.push_back(std::move(value));
    null_.push_back(false);
  }
  void null() {
    texts_.emplace_back();
    null_.push_back(true);
  }
  void optional(const std::optional<std::string>& value) { value ? text(*value) : null(); }
  void number(const std::optional<std::int64_t>& value) { value ? text(std::to_string(*value)) : null(); }
  void bytea(std::span<const std::uint8_t> bytes) { text("\\x" + to_hex(bytes)); }

  std::deque<std::string> texts_;  // a deque: values() keeps pointers into it
  std::vector<bool> null_;
};

// Text from outside (SG186 header fields, a terminal's TID, notes quoting
// wire bytes) as it will be stored: a field PostgreSQL could not store
// byte for byte is escaped (common/printable) before it is hashed, so the
// stored row is always the hashed row.
void make_storable(std::optional<std::string>& field) {
  if (field && !storable_text(*field)) field = printable(*field);
}

Entry storable(Entry e) {
  if (!storable_text(e.kind)) e.kind = printable(e.kind);
  for (auto* field : {&e.peer, &e.tid, &e.txn, &e.code, &e.decoded, &e.note}) make_storable(*field);
  return e;
}

void insert_rows(pqxx::transaction_base& tx, const RowParameters& rows, std::size_t count) {
  const std::vector<const char*> values = rows.values();
  store::exec_prepared(tx, insert_sql(count), pqxx::prepare::make_dynamic_params(values));
}

}  // namespace

ChainHead read_chain_head(pqxx::transaction_base& tx, const std::string& chain, std::int64_t before) {
  const auto r = store::exec_prepared(tx,
                                      "SELECT chain_pos, row_hash FROM mstation.journal WHERE chain = $1 AND chain_pos < $2 "
                                      "ORDER BY chain_pos DESC, journal_id DESC LIMIT 1",
                                      chain, before);
  ChainHead head;
  if (r.empty()) return head;
  head.position = r[0][0].as<std::int64_t>();
  const auto hash = digest_of(store::bytes_of(r[0][1]));
  if (!hash) throw std::runtime_error("journal: the row_hash at position " + std::to_string(head.position) +
                                      " of chain " + chain + " is not 32 bytes");
  head.hash = *hash;
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
  ChainHead head = tentative_;
  for (std::size_t first = 0; first < entries.size(); first += rows_per_statement) {
    const std::size_t count = std::min(rows_per_statement, entries.size() - first);
    RowParameters rows;
    for (std::size_t i = first; i < first + count; ++i) {
      const std::int64_t position = head.position + 1;
      const std::int64_t at = store::epoch_us(Clock::now());
      const Entry e = storable(entries[i]);
      const Sha256Digest hash = row_hash(head.hash, chain_, position, at, e);
      rows.add(chain_, position, at, e, head.hash, hash);
      head = {position, hash};
    }
    insert_rows(tx, rows, count);
  }
  tentative_ = head;  // only once the rows are in
}

}  // namespace mstation::journal
