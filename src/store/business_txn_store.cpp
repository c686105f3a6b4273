#include "mstation/store/business_txn_store.hpp"

#include <fmt/format.h>

#include <pqxx/pqxx>

#include "mstation/store/bytea.hpp"
#include "mstation/store/cash_store.hpp"
#include "mstation/store/prepared.hpp"
#include "mstation/store/timestamps.hpp"

namespace mstation::store {
namespace {

std::string date_text(std::uint32_t d) { return fmt::format("{:04}-{:02}-{:02}", d / 10000, (d / 100) % 100, d % 100); }

const std::string& columns() {
  static const std::string c =
      "txn_id, to_char(business_date, 'YYYYMMDD')::int, tid, seq_epoch, seq, operator_id, txn, customer_no, "
      "amount_fen, cash, orig_txn_id, sg186_serial, coalesce(sg186_code, ''), coalesce(charge_id, ''), state, "
      "coalesce(response_code, ''), coalesce(receipt_no, ''), coalesce(receipt_lines, '[]'::jsonb)::text, "
      "detail::text, sg186_request, " + iso_china_sql("created_at");
  return c;
}

BusinessTxn from_row(const pqxx::row& r) {
  BusinessTxn t;
  t.txn_id = r[0].as<std::int64_t>();
  t.business_date = r[1].as<std::uint32_t>();
  t.request = {r[2].as<std::string>(), r[3].as<int>(), r[4].as<std::uint32_t>()};
  t.operator_id = r[5].as<std::string>();
  t.txn = r[6].as<std::string>();
  t.customer_no = r[7].as<std::string>();
  t.amount_fen = r[8].as<std::int64_t>();
  t.cash = r[9].as<bool>();
  if (!r[10].is_null()) t.orig_txn_id = r[10].as<std::int64_t>();
  t.sg186_serial = r[11].as<std::string>();
  t.sg186_code = r[12].as<std::string>();
  t.charge_id = r[13].as<std::string>();
  t.state = r[14].as<std::string>();
  t.response_code = r[15].as<std::string>();
  t.receipt_no = r[16].as<std::string>();
  t.receipt_lines = nlohmann::json::parse(r[17].as<std::string>()).get<std::vector<std::string>>();
  t.detail = nlohmann::json::parse(r[18].as<std::string>());
  const Bytes request = bytes_of(r[19]);
  t.sg186_request.assign(request.begin(), request.end());
  t.created_at = r[20].as<std::string>();
  return t;
}

std::optional<BusinessTxn> first(const pqxx::result& r) {
  if (r.empty()) return std::nullopt;
  return from_row(r[0]);
}

// The money transactions the terminal was told succeeded (00): those it counts.
constexpr const char* money_select =
    "SELECT txn_id, tid, seq, txn, amount_fen, state FROM mstation.business_txn "
    "WHERE business_date = $1 AND txn IN ('0202', '0203', '0204', '0401') AND response_code = '00' ";

std::vector<MoneyLine> money_lines(const pqxx::result& r) {
  std::vector<MoneyLine> lines;
  for (const auto& row : r) {
    lines.push_back({row[0].as<std::int64_t>(), row[1].as<std::string>(), row[2].as<std::int64_t>(),
                     row[3].as<std::string>(), row[4].as<std::int64_t>(), row[5].as<std::string>()});
  }
  return lines;
}

}  // namespace

std::int64_t next_business_txn_id(pqxx::transaction_base& tx) {
  return exec_prepared1(tx, "SELECT nextval('mstation.business_txn_id_seq')")[0].as<std::int64_t>();
}

std::int64_t insert_business_txn(pqxx::transaction_base& tx, const BusinessTxn& t) {
  // The id from the sequence in the same statement, unless the caller took one already.
  return exec_prepared1(
             tx,
             "INSERT INTO mstation.business_txn (txn_id, business_date, tid, seq_epoch, seq, operator_id, txn, "
             "customer_no, amount_fen, cash, orig_txn_id, sg186_serial, detail, receipt_no, sg186_request, "
             "receipt_lines) "
             "VALUES (coalesce(nullif($13::bigint, 0), nextval('mstation.business_txn_id_seq')), "
             "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, nullif($14, ''), $15, "
             "CASE WHEN $16 = '[]' THEN NULL ELSE $16::jsonb END) RETURNING txn_id",
             date_text(t.business_date), t.request.tid, t.request.seq_epoch, static_cast<std::int64_t>(t.request.seq),
             t.operator_id, t.txn, t.customer_no, t.amount_fen, t.cash, t.orig_txn_id, t.sg186_serial, t.detail.dump(),
             t.txn_id, t.receipt_no, as_bytea(to_bytes(t.sg186_request)), nlohmann::json(t.receipt_lines).dump())[0]
      .as<std::int64_t>();
}

std::optional<BusinessTxn> find_business_txn(pqxx::transaction_base& tx, std::int64_t txn_id) {
  return first(
      exec_prepared(tx, fmt::format("SELECT {} FROM mstation.business_txn WHERE txn_id = $1", columns()), txn_id));
}

std::optional<BusinessTxn> lock_business_txn(pqxx::transaction_base& tx, std::int64_t txn_id) {
  return first(exec_prepared(
      tx, fmt::format("SELECT {} FROM mstation.business_txn WHERE txn_id = $1 FOR UPDATE", columns()), txn_id));
}

std::optional<BusinessTxn> try_lock_business_txn(pqxx::transaction_base& tx, std::int64_t txn_id, bool& busy) {
  auto locked = first(exec_prepared(
      tx, fmt::format("SELECT {} FROM mstation.business_txn WHERE txn_id = $1 FOR UPDATE SKIP LOCKED", columns()),
      txn_id));
  busy = !locked && !exec_prepared(tx, "SELECT 1 FROM mstation.business_txn WHERE txn_id = $1", txn_id).empty();
  return locked;
}

std::optional<BusinessTxn> of_request(pqxx::transaction_base& tx, const RequestKey& request, const char* lock) {
  return first(exec_prepared(
      tx,
      fmt::format("SELECT {} FROM mstation.business_txn WHERE tid = $1 AND seq_epoch = $2 AND seq = $3 {}", columns(),
                  lock),
      request.tid, request.seq_epoch, static_cast<std::int64_t>(request.seq)));
}

std::optional<BusinessTxn> lock_business_txn_of(pqxx::transaction_base& tx, const RequestKey& request) {
  return of_request(tx, request, "FOR UPDATE");
}

std::optional<BusinessTxn> find_business_txn_of(pqxx::transaction_base& tx, const RequestKey& request) {
  return of_request(tx, request, "");
}

std::optional<BusinessTxn> find_by_terminal_seq(pqxx::transaction_base& tx, const std::string& tid, int seq_epoch,
                                                std::int64_t seq) {
  return first(
      exec_prepared(tx,
                    fmt::format("SELECT {} FROM mstation.business_txn WHERE tid = $1 AND seq_epoch = $2 AND seq = $3 "
                                "AND txn IN ('0202', '0204') FOR UPDATE",
                                columns()),
                    tid, seq_epoch, seq));
}

std::vector<BusinessTxn> lock_abandoned(pqxx::transaction_base& tx, std::chrono::seconds older_than, int limit) {
  const auto r =
      exec_prepared(tx,
                    fmt::format("SELECT {} FROM mstation.business_txn WHERE state = 'pending' "
                                "AND created_at < now() - make_interval(secs => $1) ORDER BY created_at LIMIT $2 "
                                "FOR UPDATE SKIP LOCKED",
                                columns()),
                    static_cast<double>(older_than.count()), limit);
  std::vector<BusinessTxn> out;
  for (const auto& row : r) out.push_back(from_row(row));
  return out;
}

std::optional<BusinessTxn> find_live_reversal(pqxx::transaction_base& tx, std::int64_t orig_txn_id) {
  return first(exec_prepared(tx,
                             fmt::format("SELECT {} FROM mstation.business_txn WHERE orig_txn_id = $1 "
                                         "AND state IN ('pending', 'succeeded', 'unknown') LIMIT 1",
                                         columns()),
                             orig_txn_id));
}

bool settle_business_txn(pqxx::transaction_base& tx, const BusinessTxn& t, const std::string& from) {
  const nlohmann::json lines = t.receipt_lines;
  const bool moved =
      exec_prepared(tx,
                    "UPDATE mstation.business_txn SET state = $2, sg186_code = nullif($3, ''), "
                    "charge_id = nullif($4, ''), response_code = nullif($5, ''), receipt_no = nullif($6, ''), "
                    "receipt_lines = CASE WHEN $7 = '[]' THEN receipt_lines ELSE $7::jsonb END, "
                    "detail = $8::jsonb, updated_at = now() WHERE txn_id = $1 AND state = $9",
                    t.txn_id, t.state, t.sg186_code, t.charge_id, t.response_code, t.receipt_no, lines.dump(),
                    t.detail.dump(), from)
          .affected_rows() > 0;
  // Cash counts while pending or succeeded; leaving those states returns it.
  const auto counts = [](const std::string& state) { return state == txn_state::pending || state == txn_state::succeeded; };
  if (moved && t.cash && counts(from) != counts(t.state)) {
    add_cash_in_transit(tx, t.operator_id, counts(t.state) ? t.amount_fen : -t.amount_fen);
  }
  return moved;
}

bool quiet_since(pqxx::transaction_base& tx, std::int64_t txn_id, std::chrono::seconds quiet_for) {
  const auto r = exec_prepared(
      tx, "SELECT updated_at < now() - make_interval(secs => $2) FROM mstation.business_txn WHERE txn_id = $1", txn_id,
      static_cast<double>(quiet_for.count()));
  return !r.empty() && r[0][0].as<bool>();
}

std::string receipt_number(std::uint32_t business_date, std::int64_t txn_id) {
  return fmt::format("{:08}{:010}", business_date, txn_id);
}

std::vector<MoneyLine> money_lines_of_operator(pqxx::transaction_base& tx, const std::string& operator_id,
                                               std::uint32_t business_date) {
  return money_lines(exec_prepared(tx, std::string(money_select) + "AND operator_id = $2 ORDER BY txn_id",
                                   date_text(business_date), operator_id));
}

std::vector<MoneyLine> money_lines_of_terminal(pqxx::transaction_base& tx, const std::string& tid, int seq_epoch,
                                               std::uint32_t business_date) {
  return money_lines(exec_prepared(tx, std::string(money_select) + "AND tid = $2 AND seq_epoch = $3 ORDER BY txn_id",
                                   date_text(business_date), tid, seq_epoch));
}

}  // namespace mstation::store
