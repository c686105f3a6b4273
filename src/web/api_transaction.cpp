// GET /api/transactions/ID and POST /api/transactions/ID/resolve: one
// business transaction with everything the station holds about it
// (recon::txn_history, as `mstation txn show`), and settling it by hand
// (as `mstation txn resolve`). The terminal's decrypted frames and the
// SG186 messages' raw bytes (in clear on the wire) are an auditor's only,
// and each time an auditor is shown them the view is
// journaled first: if that cannot be written, nothing is shown.
#include <fmt/format.h>

#include <pqxx/pqxx>

#include "api_handlers.hpp"
#include "mstation/audit/manual_actions.hpp"
#include "mstation/recon/txn_history.hpp"
#include "mstation/txn/upstream.hpp"

namespace mstation::web {
namespace {

using nlohmann::json;

bool decrypted_kind(const std::string& kind) { return kind == "hhu_request" || kind == "hhu_response"; }

// The transaction's station (its terminal's); NotFound if there is no such
// transaction, Forbidden if an office user asks for another station's.
std::string station_checked(pqxx::transaction_base& tx, const Viewer& viewer, std::int64_t txn_id) {
  const auto r = tx.exec_params(
      "SELECT t.station FROM mstation.business_txn b JOIN mstation.terminal t ON t.tid = b.tid WHERE b.txn_id = $1",
      txn_id);
  if (r.empty()) throw NotFound(fmt::format("no business transaction {}", txn_id));
  const auto station = r[0][0].as<std::string>();
  if (viewer.is_office() && station != viewer.station) throw Forbidden("this transaction is another station's");
  return station;
}

// SG186 messages cross the wire in clear: their raw bytes hold what their
// decoded form masks (a card purchase's WRITE_DATA, docs/auditing.md).
bool plaintext_raw(const json& row) {
  return row["kind"].get<std::string>().starts_with("sg186_") && !row["raw_hex"].is_null();
}

// Hides what the viewer may not see; the ids of the decrypted rows it keeps.
std::vector<std::int64_t> shape_journal(json& rows, const Viewer& viewer) {
  std::vector<std::int64_t> shown;
  for (auto& row : rows) {
    row["raw_hidden"] = plaintext_raw(row) && !viewer.sees_decrypted();
    if (row["raw_hidden"].get<bool>()) row["raw_hex"] = nullptr;
    const bool decrypted = decrypted_kind(row["kind"].get<std::string>()) && !row["decoded"].is_null();
    row["decoded_hidden"] = decrypted && !viewer.sees_decrypted();
    if (!decrypted) continue;
    if (viewer.sees_decrypted()) {
      shown.push_back(row["journal_id"].get<std::int64_t>());
    } else {
      row["decoded"] = nullptr;
    }
  }
  return shown;
}

void journal_view(pqxx::connection& connection, const Viewer& viewer, const json& record,
                  const std::vector<std::int64_t>& journal_ids) {
  audit::run_admin_action(connection, console_actor(viewer, ""), [&](pqxx::transaction_base&, audit::AdminAction& a) {
    a.action = "console_view_decrypted";
    a.tid = record["tid"].get<std::string>();
    a.seq = record["seq"].get<std::int64_t>();
    a.txn = record["txn"].get<std::string>();
    a.after = {{"txn_id", record["txn_id"]}, {"journal_ids", journal_ids}};
  });
}

}  // namespace

json transaction_json(pqxx::connection& connection, const Viewer& viewer, std::int64_t txn_id) {
  json history;
  {
    pqxx::read_transaction tx(connection);
    const auto station = station_checked(tx, viewer, txn_id);
    history = recon::txn_history(tx, txn_id).value();
    auto& record = history["record"];
    record["station"] = station;
    record["txn_name"] = txn_name(record["txn"].get<std::string>());
    record["business_date"] = txn::iso_date(record["business_date"].get<std::uint32_t>());
  }
  const auto shown = shape_journal(history["journal"], viewer);
  if (!shown.empty()) journal_view(connection, viewer, history["record"], shown);
  history["decrypted_shown"] = !shown.empty();
  return history;
}

json resolve_json(pqxx::connection& connection, const Viewer& viewer, std::int64_t txn_id, const json& body) {
  viewer.require_settle_right();
  const auto as = body_text(body, "as");
  if (as != "succeeded" && as != "reversed" && as != "not-charged") {
    throw BadRequest("'as' must be succeeded, reversed or not-charged");
  }
  const auto reason = body_text(body, "reason");
  recon::Resolution r;
  try {
    audit::run_admin_action(connection, console_actor(viewer, reason),
                            [&](pqxx::transaction_base& tx, audit::AdminAction& a) {
                              station_checked(tx, viewer, txn_id);  // 404 for a transaction that does not exist
                              r = audit::resolve_txn_action(tx, txn_id, as, a);
                            });
  } catch (const recon::ResolveRefused& e) {
    throw Conflict(e.what());
  }
  return {{"txn_id", txn_id}, {"from", r.before.state}, {"to", r.to}, {"saf_abandoned", r.saf_abandoned}};
}

}  // namespace mstation::web
