#include "mstation/journal/chain_verifier.hpp"

#include <pqxx/pqxx>

#include "mstation/journal/chain.hpp"
#include "mstation/store/bytea.hpp"

namespace mstation::journal {
namespace {

template <typename T>
std::optional<T> optional_of(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<T>();
}

Sha256Digest digest_of(const pqxx::field& f) {
  Sha256Digest d{};
  const Bytes b = store::bytes_of(f);
  if (b.size() == d.size()) std::copy(b.begin(), b.end(), d.begin());
  return d;
}

Entry entry_of(const pqxx::row& r) {
  Entry e;
  e.kind = r["kind"].as<std::string>();
  e.exchange_id = optional_of<std::int64_t>(r["exchange_id"]);
  e.peer = optional_of<std::string>(r["peer"]);
  e.tid = optional_of<std::string>(r["tid"]);
  e.seq = optional_of<std::int64_t>(r["seq"]);
  e.txn = optional_of<std::string>(r["txn"]);
  e.code = optional_of<std::string>(r["code"]);
  if (!r["raw"].is_null()) e.raw = store::bytes_of(r["raw"]);
  e.decoded = optional_of<std::string>(r["decoded"]);
  e.note = optional_of<std::string>(r["note"]);
  return e;
}

}  // namespace

std::vector<std::string> list_chains(pqxx::transaction_base& tx) {
  std::vector<std::string> chains;
  for (const auto& r : tx.exec("SELECT DISTINCT chain FROM mstation.journal ORDER BY chain")) {
    chains.push_back(r[0].as<std::string>());
  }
  return chains;
}

ChainCheck verify_chain(pqxx::transaction_base& tx, const std::string& chain) {
  ChainCheck check{chain, 0, std::nullopt, ""};
  ChainHead expected;
  const auto rows = tx.exec_params(
      "SELECT chain_pos, (extract(epoch FROM recorded_at) * 1e6)::bigint AS at_us, kind, exchange_id, peer, tid, seq, "
      "txn, code, raw, decoded::text AS decoded, note, prev_hash, row_hash FROM mstation.journal WHERE chain = $1 "
      "ORDER BY chain_pos",
      chain);
  for (const auto& r : rows) {
    const auto position = r["chain_pos"].as<std::int64_t>();
    const auto fail = [&](const std::string& why) {
      check.first_broken = position;
      check.reason = why;
    };
    if (position != expected.position + 1) {
      fail("expected position " + std::to_string(expected.position + 1));
    } else if (digest_of(r["prev_hash"]) != expected.hash) {
      fail("prev_hash is not the previous row's hash");
    } else if (row_hash(expected.hash, chain, position, r["at_us"].as<std::int64_t>(), entry_of(r)) !=
               digest_of(r["row_hash"])) {
      fail("row_hash does not match the row's content");
    }
    if (check.first_broken) return check;
    expected = {position, digest_of(r["row_hash"])};
    ++check.rows;
  }
  return check;
}

}  // namespace mstation::journal
