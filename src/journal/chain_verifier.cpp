#include "mstation/journal/chain_verifier.hpp"

#include <fmt/format.h>

#include <future>
#include <pqxx/pqxx>

#include "mstation/common/hex.hpp"

namespace mstation::journal {
namespace {

constexpr int rows_per_fetch = 10'000;

// The columns in the order the cursor returns them.
enum Column { journal_id, chain_pos, at_us, kind, exchange_id, peer, tid, seq, txn, code, raw, decoded, note, prev, hash };

std::optional<std::string_view> text_of(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return std::string_view(f.c_str(), f.size());
}

// A bytea in PostgreSQL's text form ("\x0a1b..."), decoded into `out`
// (reused from row to row); false if it is not that form.
bool bytea_into(const pqxx::field& f, Bytes& out) {
  const std::string_view text(f.c_str(), f.size());
  return text.size() >= 2 && text[0] == '\\' && text[1] == 'x' && from_hex_into(text.substr(2), out);
}

std::optional<Sha256Digest> digest_of(const pqxx::field& f, Bytes& buffer) {
  if (f.is_null() || !bytea_into(f, buffer)) return std::nullopt;
  return mstation::digest_of(buffer);
}

std::string hex_of(const std::optional<Sha256Digest>& d) { return d ? to_hex(*d) : std::string("(not 32 bytes)"); }

// Reads one row after another, hashing each without copying its fields.
class RowChecker {
 public:
  explicit RowChecker(const std::string& chain) : chain_(chain) {}

  // Why this row does not follow `expected`, or nothing when it does; `stored` is its row_hash.
  std::optional<std::string> problem(const pqxx::row& r, const ChainHead& expected,
                                     std::optional<Sha256Digest>& stored) {
    const auto position = r[chain_pos].as<std::int64_t>();
    if (position <= expected.position) {
      return fmt::format("inserted: a second row at position {} (expected position {})", position,
                         expected.position + 1);
    }
    if (position > expected.position + 1) {
      return fmt::format("deleted: position {} is missing (expected position {}, found {})", expected.position + 1,
                         expected.position + 1, position);
    }
    const auto stored_prev = digest_of(r[prev], buffer_);
    if (stored_prev != expected.hash) {
      return fmt::format("prev_hash is not the previous row's row_hash (expected {}, found {})",
                         to_hex(expected.hash), hex_of(stored_prev));
    }
    RowView row{chain_,          text_of(r[chain_pos]).value(), text_of(r[at_us]).value(), text_of(r[kind]).value(),
                text_of(r[exchange_id]), text_of(r[peer]), text_of(r[tid]), text_of(r[seq]), text_of(r[txn]),
                text_of(r[code]), std::nullopt, text_of(r[decoded]), text_of(r[note])};
    if (!r[raw].is_null()) {
      if (!bytea_into(r[raw], raw_)) return std::string("changed: raw is not a bytea");
      row.raw = std::span<const std::uint8_t>(raw_);
    }
    const auto computed = hasher_.hash(expected.hash, row);
    stored = digest_of(r[hash], buffer_);
    if (stored != computed) {
      return fmt::format("changed: row_hash does not match the row's content (expected {}, found {})",
                         to_hex(computed), hex_of(stored));
    }
    return std::nullopt;
  }

 private:
  const std::string& chain_;
  RowHasher hasher_;
  std::vector<std::uint8_t> buffer_;
  std::vector<std::uint8_t> raw_;
};

}  // namespace

std::vector<std::string> list_chains(pqxx::transaction_base& tx) {
  std::vector<std::string> chains;
  // A skip scan of the (chain, chain_pos) index: one probe per chain, not a pass over every row.
  for (const auto& r : tx.exec(
           "WITH RECURSIVE c(chain) AS (SELECT min(chain) FROM mstation.journal UNION ALL "
           "SELECT (SELECT min(chain) FROM mstation.journal WHERE chain > c.chain) FROM c WHERE c.chain IS NOT NULL) "
           "SELECT chain FROM c WHERE chain IS NOT NULL")) {
    chains.push_back(r[0].as<std::string>());
  }
  return chains;
}

ChainCheck verify_chain(pqxx::transaction_base& tx, const std::string& chain, const VerifyRange& range) {
  ChainCheck check;
  check.chain = chain;
  check.last = range.after;
  const std::string cursor = "mstation_verify";
  tx.exec("SET LOCAL bytea_output = 'hex'");  // the form RowChecker decodes
  tx.exec("DECLARE " + cursor +
          " NO SCROLL CURSOR FOR SELECT journal_id, chain_pos, (extract(epoch FROM recorded_at) * 1000000)::bigint, "
          "kind, exchange_id, peer, tid, seq, txn, code, raw, decoded::text, note, prev_hash, row_hash "
          "FROM mstation.journal WHERE chain = " + tx.quote(chain) + " AND chain_pos > " +
          std::to_string(range.after.position) +
          (range.up_to > 0 ? " AND chain_pos <= " + std::to_string(range.up_to) : std::string()) +
          " ORDER BY chain_pos, journal_id");
  // The next batch is fetched on another thread while this one is hashed, so
  // PostgreSQL and the hashing overlap (the connection is only ever used by
  // one thread at a time: this one touches it again only after get()).
  const auto fetch = [&tx, &cursor] { return tx.exec("FETCH " + std::to_string(rows_per_fetch) + " FROM " + cursor); };
  RowChecker checker(chain);
  std::future<pqxx::result> next = std::async(std::launch::async, fetch);
  for (;;) {
    const pqxx::result rows = next.get();
    const bool more = rows.size() == static_cast<std::size_t>(rows_per_fetch);
    if (more) next = std::async(std::launch::async, fetch);
    for (const auto& r : rows) {
      std::optional<Sha256Digest> stored;
      if (const auto problem = checker.problem(r, check.last, stored)) {
        check.first_broken = r[chain_pos].as<std::int64_t>();
        check.journal_id = r[journal_id].as<std::int64_t>();
        check.reason = *problem;
        if (next.valid()) next.wait();
        tx.exec("CLOSE " + cursor);
        return check;
      }
      check.last = {r[chain_pos].as<std::int64_t>(), *stored};
      ++check.rows;
    }
    if (!more) break;
  }
  tx.exec("CLOSE " + cursor);
  if (range.up_to > 0 && check.last.position < range.up_to) {
    check.first_broken = check.last.position + 1;
    check.reason = fmt::format("deleted: the chain ends at position {}, expected it to reach {}", check.last.position,
                               range.up_to);
  }
  return check;
}

}  // namespace mstation::journal
