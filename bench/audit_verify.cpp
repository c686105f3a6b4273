// `bench_audit_verify CONNINFO ROWS`: fills chain "bench/0" with ROWS journal
// rows of a payment's shape (if it holds fewer), then measures, on the same
// database in the same run:
//   the floor   — the verifier's cursor reading every column, nothing hashed;
//   the verify  — journal::verify_chain, every row's hash recomputed.
// Prints rows/s for both and their ratio (docs/performance.md).
#include <chrono>
#include <cstdio>
#include <pqxx/pqxx>
#include <string>

#include "mstation/journal/appender.hpp"
#include "mstation/journal/chain_verifier.hpp"

namespace {

using namespace mstation;
using Seconds = std::chrono::duration<double>;
constexpr const char* chain = "bench/0";

journal::Entry payment_row(std::int64_t i) {
  journal::Entry e;
  e.kind = i % 2 ? "hhu_request" : "hhu_request_raw";
  e.exchange_id = i / 4;
  e.peer = "127.0.1.2";
  e.tid = "51010001";
  e.seq = i;
  e.txn = "0204";
  if (i % 2 == 0) {
    e.raw = Bytes(96, static_cast<std::uint8_t>(i));
  } else {
    e.decoded = R"({"customer_no":"5100000007","amount_fen":12345,"operator_id":"7001","pay_mode":"cash"})";
  }
  return e;
}

void fill(pqxx::connection& db, std::int64_t rows) {
  pqxx::work count_tx(db);
  std::int64_t have = count_tx.exec_params1("SELECT count(*) FROM mstation.journal WHERE chain = $1", chain)[0]
                          .as<std::int64_t>();
  count_tx.commit();
  journal::Appender appender(chain);
  while (have < rows) {
    std::vector<journal::Entry> batch;
    for (std::int64_t i = have; i < std::min(rows, have + 10'000); ++i) batch.push_back(payment_row(i));
    pqxx::work tx(db);
    tx.exec("SET LOCAL synchronous_commit TO off");
    appender.begin(tx);
    appender.append(tx, batch);
    tx.commit();
    appender.committed();
    have += static_cast<std::int64_t>(batch.size());
  }
}

double read_floor(pqxx::connection& db) {
  const auto start = std::chrono::steady_clock::now();
  pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only> tx(db);
  tx.exec(std::string("DECLARE f NO SCROLL CURSOR FOR SELECT journal_id, chain_pos, "
                      "(extract(epoch FROM recorded_at) * 1000000)::bigint, kind, exchange_id, peer, tid, seq, txn, "
                      "code, raw, decoded::text, note, prev_hash, row_hash FROM mstation.journal WHERE chain = '") +
          chain + "' AND chain_pos > 0 ORDER BY chain_pos, journal_id");
  std::size_t rows = 0;
  std::size_t bytes = 0;
  for (;;) {
    const auto r = tx.exec("FETCH 10000 FROM f");
    for (const auto& row : r) bytes += row[10].size() + row[11].size();  // touch what the verifier reads
    rows += r.size();
    if (r.size() < 10'000) break;
  }
  const double s = Seconds(std::chrono::steady_clock::now() - start).count();
  std::printf("floor: cursor read  %zu rows in %.2f s: %.0f rows/s (%zu payload bytes)\n", rows, s, static_cast<double>(rows) / s, bytes);
  return static_cast<double>(rows) / s;
}

double verify(pqxx::connection& db) {
  const auto start = std::chrono::steady_clock::now();
  pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only> tx(db);
  const auto check = journal::verify_chain(tx, chain);
  const double s = Seconds(std::chrono::steady_clock::now() - start).count();
  std::printf("verify: recomputed  %lld rows in %.2f s: %.0f rows/s (%s)\n", static_cast<long long>(check.rows), s,
              static_cast<double>(check.rows) / s, check.first_broken ? check.reason.c_str() : "intact");
  return static_cast<double>(check.rows) / s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: bench_audit_verify CONNINFO ROWS\n");
    return 2;
  }
  pqxx::connection db(argv[1]);
  fill(db, std::stoll(argv[2]));
  const double floor = read_floor(db);
  const double rate = verify(db);
  std::printf("verify/floor: %.2f (verify %.0f rows/s, cursor read alone %.0f rows/s)\n", rate / floor, rate, floor);
  return 0;
}
