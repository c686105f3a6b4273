#include "mstation/recon/run_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <pqxx/pqxx>

#include "mstation/common/hex.hpp"
#include "mstation/store/alert_store.hpp"
#include "mstation/store/timestamps.hpp"
#include "mstation/txn/upstream.hpp"

namespace mstation::recon {
namespace {

// The file goes in through a large object, a slice at a time, so it is
// never copied whole in this process; lo_get then makes it one bytea.
constexpr std::size_t file_slice = 1 << 20;
constexpr std::size_t items_per_insert = 500;

void store_file(pqxx::transaction_base& tx, std::int64_t run_id, const Statement& s) {
  const auto oid = tx.exec("SELECT lo_create(0)")[0][0].as<long long>();
  for (std::size_t at = 0; at < s.text.size(); at += file_slice) {
    const auto n = std::min(file_slice, s.text.size() - at);
    tx.exec_params("SELECT lo_put($1::oid, $2, $3)", oid, static_cast<long long>(at),
                   pqxx::binarystring(s.text.data() + at, n));
  }
  tx.exec_params(
      "INSERT INTO mstation.recon_file (run_id, file_name, content, sha256) "
      "VALUES ($1, $2, coalesce(lo_get($3::oid), ''::bytea), $4)",
      run_id, s.summary.file_name, oid, pqxx::binarystring(s.sha256.data(), s.sha256.size()));
  tx.exec_params("SELECT lo_unlink($1::oid)", oid);
}

std::string nullable(pqxx::transaction_base& tx, const std::optional<std::string>& v) {
  return v ? tx.quote(*v) : "NULL";
}

template <typename T>
std::string nullable_number(const std::optional<T>& v) {
  return v ? std::to_string(*v) : "NULL";
}

void store_items(pqxx::transaction_base& tx, std::int64_t run_id, const std::vector<Item>& items) {
  for (std::size_t first = 0; first < items.size(); first += items_per_insert) {
    std::string sql =
        "INSERT INTO mstation.recon_item (run_id, serial, class, txn_id, customer_no, station_amount_fen, "
        "sg186_amount_fen, station_state, sg186_status, sg186_txn_code, note) VALUES ";
    const auto last = std::min(items.size(), first + items_per_insert);
    for (auto i = first; i < last; ++i) {
      const auto& it = items[i];
      if (i > first) sql += ", ";
      sql += fmt::format("({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {})", run_id, tx.quote(it.serial),
                         tx.quote(to_string(it.cls)), nullable_number(it.txn_id), tx.quote(it.customer_no),
                         nullable_number(it.station_amount_fen), nullable_number(it.sg186_amount_fen),
                         nullable(tx, it.station_state),
                         it.sg186_status ? tx.quote(std::string(1, *it.sg186_status)) : "NULL",
                         it.sg186_txn_code ? tx.quote(fmt::format("{:03}", *it.sg186_txn_code)) : "NULL",
                         tx.quote(it.note));
    }
    tx.exec(sql);
  }
}

std::int64_t insert_run(pqxx::transaction_base& tx, const Report& r, const RunContext& c, const std::string& settled) {
  return tx
      .exec_params1(
          "INSERT INTO mstation.recon_run (business_date, agency, started_at, run_by, result, file_name, file_size, "
          "file_sha256, station_count, station_amount_fen, sg186_count, sg186_amount_fen, matched, local_only, "
          "upstream_only, amount_mismatch, state_mismatch, settled) VALUES ($1::date, $2, "
          "timestamptz 'epoch' + $3 * interval '1 microsecond', $4, $5, $6, $7, decode($8, 'hex'), $9, $10, $11, $12, "
          "$13, $14, $15, $16, $17, $18::jsonb) RETURNING run_id",
          txn::iso_date(r.business_date), r.agency, store::epoch_us(c.started_at), c.run_by, r.result(), r.file_name,
          static_cast<std::int64_t>(r.file_size), r.file_sha256, r.station.count, r.station.amount_fen, r.sg186.count,
          r.sg186.amount_fen, r.count(Class::matched), r.count(Class::local_only), r.count(Class::upstream_only),
          r.count(Class::amount_mismatch), r.count(Class::state_mismatch), settled)[0]
      .as<std::int64_t>();
}

void raise_item_alerts(pqxx::transaction_base& tx, const Report& r) {
  const auto date = txn::iso_date(r.business_date);
  std::size_t raised = 0;
  for (const auto& i : r.items) {
    const auto kind = std::string("recon_") + to_string(i.cls);
    if (store::alert_is_open(tx, kind, i.serial)) continue;
    if (raised == max_item_alerts) {
      store::raise_alert(tx, store::Severity::critical, "recon_more", date,
                         fmt::format("reconciliation of {} (run {}): more discrepancies than {} alerts; the report "
                                     "lists all {}",
                                     date, r.run_id, max_item_alerts, r.items.size()));
      return;
    }
    store::raise_alert(tx, store::Severity::critical, kind, i.serial,
                       fmt::format("reconciliation of {} (run {}): {} serial {}{}: {}", date, r.run_id,
                                   to_string(i.cls), i.serial, i.txn_id ? fmt::format(" txn {}", *i.txn_id) : "",
                                   i.note));
    ++raised;
  }
  if (r.items.empty() && !(r.station == r.sg186) && !store::alert_is_open(tx, "recon_totals", date)) {
    store::raise_alert(tx, store::Severity::critical, "recon_totals", date,
                       fmt::format("reconciliation of {} (run {}): net collected differs: station {} txns {} fen, "
                                   "SG186 {} txns {} fen",
                                   date, r.run_id, r.station.count, r.station.amount_fen, r.sg186.count,
                                   r.sg186.amount_fen));
  }
}

}  // namespace

void store_run(pqxx::transaction_base& tx, Report& report, const Statement& statement, const RunContext& context,
               std::vector<journal::Entry>& journal) {
  // The journal row says what the run found and changed; the items themselves go to recon_item.
  auto summary = to_json(report);
  summary.erase("items");
  report.run_id = insert_run(tx, report, context, summary["settled"].dump());
  store_file(tx, report.run_id, statement);
  store_items(tx, report.run_id, report.items);
  raise_item_alerts(tx, report);
  summary["run_id"] = report.run_id;
  summary["run_by"] = context.run_by;
  journal::Entry e;
  e.kind = "recon_run";
  e.code = report.result();
  e.decoded = summary.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  e.note = fmt::format("reconciliation of {}: {} discrepancies, {} settled", txn::iso_date(report.business_date),
                       report.items.size(), report.settled.size());
  journal.push_back(std::move(e));
}

}  // namespace mstation::recon
