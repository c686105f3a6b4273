#include "mstation/journal/chain_verifier.hpp"

#include <fmt/format.h>

#include <pqxx/pqxx>

#include "mstation/store/bytea.hpp"

namespace mstation::journal {
namespace {

constexpr int rows_per_fetch = 10'000;

// The columns in the order the cursor returns them.
enum Column { journal_id, chain_pos, at_us, kind, exchange_id, peer, tid, seq, txn, code, raw, decoded, note, prev, hash };

template <typename T>
std::optional<T> optional_of(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<T>();
}

std::optional<Sha256Digest> digest_of(const pqxx::field& f) {
  const Bytes b = store::bytes_of(f);
  if (b.size() != Sha256Digest{}.size()) return std::nullopt;
  Sha256Digest d{};
  std::copy(b.begin(), b.end(), d.begin());
  return d;
}

Entry entry_of(const pqxx::row& r) {
  Entry e;
  e.kind = r[kind].as<std::string>();
  e.exchange_id = optional_of<std::int64_t>(r[exchange_id]);
  e.peer = optional_of<std::string>(r[peer]);
  e.tid = optional_of<std::string>(r[tid]);
  e.seq = optional_of<std::int64_t>(r[seq]);
  e.txn = optional_of<std::string>(r[txn]);
  e.code = optional_of<std::string>(r[code]);
  if (!r[raw].is_null()) e.raw = store::bytes_of(r[raw]);
  e.decoded = optional_of<std::string>(r[decoded]);
  e.note = optional_of<std::string>(r[note]);
  return e;
}

std::string hex_of(const std::optional<Sha256Digest>& d) { return d ? to_hex(*d) : std::string("(not 32 bytes)"); }

// Why this row does not follow `expected`, or nothing when it does.
std::optional<std::string> problem_of(const pqxx::row& r, const std::string& chain, const ChainHead& expected) {
  const auto position = r[chain_pos].as<std::int64_t>();
  if (position <= expected.position) {
    return fmt::format("inserted: a second row at position {} (expected position {})", position,
                       expected.position + 1);
  }
  if (position > expected.position + 1) {
    return fmt::format("deleted: position {} is missing (expected position {}, found {})", expected.position + 1,
                       expected.position + 1, position);
  }
  const auto stored_prev = digest_of(r[prev]);
  if (stored_prev != expected.hash) {
    return fmt::format("prev_hash is not the previous row's row_hash (expected {}, found {})", to_hex(expected.hash),
                       hex_of(stored_prev));
  }
  const auto computed = row_hash(expected.hash, chain, position, r[at_us].as<std::int64_t>(), entry_of(r));
  const auto stored = digest_of(r[hash]);
  if (stored != computed) {
    return fmt::format("changed: row_hash does not match the row's content (expected {}, found {})", to_hex(computed),
                       hex_of(stored));
  }
  return std::nullopt;
}

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
  tx.exec("DECLARE " + cursor +
          " NO SCROLL CURSOR FOR SELECT journal_id, chain_pos, (extract(epoch FROM recorded_at) * 1000000)::bigint, "
          "kind, exchange_id, peer, tid, seq, txn, code, raw, decoded::text, note, prev_hash, row_hash "
          "FROM mstation.journal WHERE chain = " + tx.quote(chain) + " AND chain_pos > " +
          std::to_string(range.after.position) +
          (range.up_to > 0 ? " AND chain_pos <= " + std::to_string(range.up_to) : std::string()) +
          " ORDER BY chain_pos, journal_id");
  for (;;) {
    const auto rows = tx.exec("FETCH " + std::to_string(rows_per_fetch) + " FROM " + cursor);
    for (const auto& r : rows) {
      if (const auto problem = problem_of(r, chain, check.last)) {
        check.first_broken = r[chain_pos].as<std::int64_t>();
        check.journal_id = r[journal_id].as<std::int64_t>();
        check.reason = *problem;
        tx.exec("CLOSE " + cursor);
        return check;
      }
      check.last = {r[chain_pos].as<std::int64_t>(), *digest_of(r[hash])};
      ++check.rows;
    }
    if (rows.size() < static_cast<std::size_t>(rows_per_fetch)) break;
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
