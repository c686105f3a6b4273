#include "mstation/recon/txn_history.hpp"

#include <fmt/format.h>

#include <pqxx/pqxx>

#include "mstation/common/hex.hpp"
#include "mstation/store/bytea.hpp"
#include "mstation/store/business_txn_store.hpp"
#include "mstation/store/saf_store.hpp"
#include "mstation/store/sg186_serial.hpp"

namespace mstation::recon {
namespace {

using nlohmann::json;

json record_json(const store::BusinessTxn& t) {
  return {{"txn_id", t.txn_id},
          {"business_date", t.business_date},
          {"tid", t.request.tid},
          {"seq_epoch", t.request.seq_epoch},
          {"seq", t.request.seq},
          {"operator_id", t.operator_id},
          {"txn", t.txn},
          {"customer_no", t.customer_no},
          {"amount_fen", t.amount_fen},
          {"cash", t.cash},
          {"orig_txn_id", t.orig_txn_id ? json(*t.orig_txn_id) : json(nullptr)},
          {"sg186_serial", t.sg186_serial},
          {"sg186_code", t.sg186_code},
          {"charge_id", t.charge_id},
          {"state", t.state},
          {"response_code", t.response_code},
          {"receipt_no", t.receipt_no},
          {"receipt_lines", t.receipt_lines},
          {"detail", t.detail},
          {"created_at", t.created_at}};
}

// The terminal's rows (by terminal and SEQ), the rows of the same
// connections (its SG186 exchanges), and the rows of its SAF exchanges
// (grouped by their serial's number).
json journal_rows(pqxx::transaction_base& tx, const store::BusinessTxn& t, const json& saf) {
  std::string numbers = "{" + std::to_string(store::serial_number(t.sg186_serial));
  for (const auto& e : saf) numbers += "," + std::to_string(store::serial_number(e["serial"].get<std::string>()));
  numbers += "}";
  // (tid, seq) repeats across SEQ epochs: the terminal's rows are looked for near the record's time.
  const auto r = tx.exec_params(
      "WITH connections AS (SELECT DISTINCT exchange_id FROM mstation.journal "
      "  WHERE tid = $1 AND seq = $2 AND exchange_id IS NOT NULL AND kind LIKE 'hhu_%' "
      "    AND recorded_at BETWEEN $4::timestamptz - interval '1 day' AND $4::timestamptz + interval '30 days') "
      "SELECT journal_id, to_char(recorded_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+08:00\"'), "
      "  chain, chain_pos, kind, exchange_id, coalesce(code, ''), raw, decoded::text, coalesce(note, '') "
      "FROM mstation.journal "
      "WHERE exchange_id IN (SELECT exchange_id FROM connections) OR exchange_id = ANY($3::bigint[]) "
      "  OR (chain IN ('recon', 'admin') AND kind IN ('recon_settle', 'txn_resolve') "
      "      AND (decoded->>'txn_id' = $5 OR decoded->'before'->>'txn_id' = $5)) "
      "ORDER BY recorded_at, journal_id",
      t.request.tid, static_cast<std::int64_t>(t.request.seq), numbers, t.created_at, std::to_string(t.txn_id));
  json rows = json::array();
  for (const auto& row : r) {
    json j{{"journal_id", row[0].as<std::int64_t>()}, {"recorded_at", row[1].as<std::string>()},
           {"chain", row[2].as<std::string>()},       {"chain_pos", row[3].as<std::int64_t>()},
           {"kind", row[4].as<std::string>()},        {"code", row[6].as<std::string>()},
           {"note", row[9].as<std::string>()}};
    j["exchange_id"] = row[5].is_null() ? json(nullptr) : json(row[5].as<std::int64_t>());
    j["raw_hex"] = row[7].is_null() ? json(nullptr) : json(to_hex(store::bytes_of(row[7])));
    j["decoded"] = row[8].is_null() ? json(nullptr) : json::parse(row[8].as<std::string>(), nullptr, false);
    rows.push_back(std::move(j));
  }
  return rows;
}

json saf_entries(pqxx::transaction_base& tx, std::int64_t txn_id) {
  json out = json::array();
  for (const auto& e : store::list_saf(tx, "", txn_id, 100)) {
    out.push_back({{"saf_id", e.saf_id}, {"purpose", e.purpose}, {"sg186_txn", e.sg186_txn}, {"serial", e.sg186_serial},
                   {"state", e.state}, {"attempts", e.attempts}, {"last_result", e.last_result},
                   {"created_at", e.created_at}, {"finished_at", e.finished_at}});
  }
  return out;
}

json recon_items(pqxx::transaction_base& tx, std::int64_t txn_id) {
  json out = json::array();
  const auto r = tx.exec_params(
      "SELECT i.run_id, to_char(r.business_date, 'YYYY-MM-DD'), i.serial, i.class, coalesce(i.station_state, ''), "
      "coalesce(i.sg186_status, ''), i.note, i.station_amount_fen, i.sg186_amount_fen "
      "FROM mstation.recon_item i JOIN mstation.recon_run r USING (run_id) WHERE i.txn_id = $1 ORDER BY i.run_id",
      txn_id);
  const auto fen = [](const pqxx::field& f) { return f.is_null() ? json(nullptr) : json(f.as<std::int64_t>()); };
  for (const auto& row : r) {
    out.push_back({{"run_id", row[0].as<std::int64_t>()}, {"business_date", row[1].as<std::string>()},
                   {"serial", row[2].as<std::string>()}, {"class", row[3].as<std::string>()},
                   {"station_state", row[4].as<std::string>()}, {"sg186_status", row[5].as<std::string>()},
                   {"note", row[6].as<std::string>()}, {"station_amount_fen", fen(row[7])},
                   {"sg186_amount_fen", fen(row[8])}});
  }
  return out;
}

}  // namespace

std::optional<json> txn_history(pqxx::transaction_base& tx, std::int64_t txn_id) {
  const auto t = store::find_business_txn(tx, txn_id);
  if (!t) return std::nullopt;
  auto saf = saf_entries(tx, txn_id);
  return json{{"record", record_json(*t)},
              {"journal", journal_rows(tx, *t, saf)},
              {"saf", saf},
              {"recon_items", recon_items(tx, txn_id)}};
}

std::optional<std::int64_t> txn_of_serial(pqxx::transaction_base& tx, const std::string& serial) {
  const auto r = tx.exec_params(
      "SELECT txn_id FROM mstation.business_txn WHERE sg186_serial = $1 "
      "UNION ALL SELECT txn_id FROM mstation.saf_entry WHERE sg186_serial = $1 LIMIT 1",
      serial);
  if (r.empty()) return std::nullopt;
  return r[0][0].as<std::int64_t>();
}

std::string history_text(const json& h) {
  const auto& t = h["record"];
  std::string out = fmt::format("business transaction {}  {} {}  terminal {} SEQ {}  operator {}\n",
                                t["txn_id"].get<std::int64_t>(), t["txn"].get<std::string>(), t["state"].get<std::string>(),
                                t["tid"].get<std::string>(), t["seq"].get<std::int64_t>(),
                                t["operator_id"].get<std::string>());
  out += fmt::format("  customer {}  amount {} fen  serial {}  charge {}  SG186 code {}  terminal told {}\n",
                     t["customer_no"].get<std::string>(), t["amount_fen"].get<std::int64_t>(),
                     t["sg186_serial"].get<std::string>(), t["charge_id"].get<std::string>(),
                     t["sg186_code"].get<std::string>(), t["response_code"].get<std::string>());
  out += fmt::format("  business date {}  created {}\n", t["business_date"].get<std::uint32_t>(),
                     t["created_at"].get<std::string>());
  for (const auto& line : t["receipt_lines"]) out += "  | " + line.get<std::string>() + "\n";
  out += fmt::format("\njournal ({} rows):\n", h["journal"].size());
  for (const auto& j : h["journal"]) {
    out += fmt::format("  #{} {} {}/{} {} {} {}\n", j["journal_id"].get<std::int64_t>(), j["recorded_at"].get<std::string>(),
                       j["chain"].get<std::string>(), j["chain_pos"].get<std::int64_t>(), j["kind"].get<std::string>(),
                       j["code"].get<std::string>(), j["note"].get<std::string>());
    if (!j["raw_hex"].is_null()) out += "      raw " + j["raw_hex"].get<std::string>() + "\n";
    if (!j["decoded"].is_null()) out += "      decoded " + j["decoded"].dump() + "\n";
  }
  out += fmt::format("\nstore-and-forward ({}):\n", h["saf"].size());
  for (const auto& e : h["saf"]) {
    out += fmt::format("  {} {} {} serial {} {} attempts {} last {}\n", e["saf_id"].get<std::int64_t>(),
                       e["purpose"].get<std::string>(), e["sg186_txn"].get<std::string>(), e["serial"].get<std::string>(),
                       e["state"].get<std::string>(), e["attempts"].get<int>(), e["last_result"].get<std::string>());
  }
  out += fmt::format("\nreconciliation items ({}):\n", h["recon_items"].size());
  for (const auto& i : h["recon_items"]) {
    out += fmt::format("  run {} ({}) {} serial {}: {}\n", i["run_id"].get<std::int64_t>(),
                       i["business_date"].get<std::string>(), i["class"].get<std::string>(),
                       i["serial"].get<std::string>(), i["note"].get<std::string>());
  }
  return out;
}

}  // namespace mstation::recon
