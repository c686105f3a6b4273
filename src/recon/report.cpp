#include "mstation/recon/report.hpp"

#include <fmt/format.h>

#include "mstation/txn/print_layout.hpp"
#include "mstation/txn/upstream.hpp"

namespace mstation::recon {
namespace {

using nlohmann::json;

constexpr Class classes[] = {Class::matched, Class::local_only, Class::upstream_only, Class::amount_mismatch,
                             Class::state_mismatch};

template <typename T>
json or_null(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json item_json(const Item& i) {
  return {{"class", to_string(i.cls)},
          {"serial", i.serial},
          {"txn_id", or_null(i.txn_id)},
          {"customer_no", i.customer_no},
          {"station_amount_fen", or_null(i.station_amount_fen)},
          {"sg186_amount_fen", or_null(i.sg186_amount_fen)},
          {"station_state", or_null(i.station_state)},
          {"sg186_status", i.sg186_status ? json(std::string(1, *i.sg186_status)) : json(nullptr)},
          {"sg186_txn_code", i.sg186_txn_code ? json(fmt::format("{:03}", *i.sg186_txn_code)) : json(nullptr)},
          {"note", i.note}};
}

std::string money(const std::optional<std::int64_t>& fen) { return fen ? txn::yuan(*fen) : std::string("-"); }

std::string item_line(const Item& i) {
  std::string station = i.txn_id ? fmt::format("txn {} {} {}", *i.txn_id, i.station_state.value_or(""),
                                               money(i.station_amount_fen))
                                 : std::string("station: none");
  std::string sg186 = i.sg186_status ? fmt::format("SG186 {:03} status {} {}", i.sg186_txn_code.value_or(0),
                                                   *i.sg186_status, money(i.sg186_amount_fen))
                                     : std::string("SG186: none");
  return fmt::format("  {:<15} {}  customer {}  {}; {}\n      → {}\n", to_string(i.cls), i.serial,
                     i.customer_no.empty() ? "-" : i.customer_no, station, sg186, i.note);
}

}  // namespace

json to_json(const Report& r) {
  json counts = json::object();
  for (const auto c : classes) counts[to_string(c)] = r.count(c);
  json items = json::array();
  for (const auto& i : r.items) items.push_back(item_json(i));
  json settled = json::array();
  for (const auto& s : r.settled) settled.push_back({{"txn_id", s.txn_id}, {"serial", s.serial}, {"from", s.from}, {"to", s.to}});
  json open = json::array();
  for (const auto& o : r.open) open.push_back({{"txn_id", o.txn_id}, {"serial", o.serial}, {"state", o.state}, {"note", o.note}});
  return {{"business_date", txn::iso_date(r.business_date)},
          {"agency", r.agency},
          {"result", r.result()},
          {"counts", counts},
          {"station", {{"count", r.station.count}, {"amount_fen", r.station.amount_fen}}},
          {"sg186", {{"count", r.sg186.count}, {"amount_fen", r.sg186.amount_fen}}},
          {"items", items},
          {"settled", settled},
          {"open", open},
          {"run_id", r.run_id},
          {"file", {{"name", r.file_name}, {"size", r.file_size}, {"sha256", r.file_sha256}}}};
}

std::string to_text(const Report& r) {
  std::string out = fmt::format("对账 reconciliation {}  agency {}  run {}\n", txn::iso_date(r.business_date), r.agency,
                                r.run_id);
  out += fmt::format("result: {}\n", r.agreed() ? "AGREED — the books agree" : "DISCREPANCIES — see below");
  out += fmt::format("net collected   station {:>8} txns {:>16}\n", r.station.count, txn::yuan(r.station.amount_fen));
  out += fmt::format("                SG186   {:>8} txns {:>16}\n", r.sg186.count, txn::yuan(r.sg186.amount_fen));
  if (!(r.station == r.sg186)) {
    out += fmt::format("                difference {} txns, {}\n", r.station.count - r.sg186.count,
                       txn::yuan(r.station.amount_fen - r.sg186.amount_fen));
  }
  out += "serials        ";
  for (const auto c : classes) out += fmt::format(" {} {}", to_string(c), r.count(c));
  out += fmt::format("\nstatement      {} ({} bytes, sha256 {})\n", r.file_name, r.file_size, r.file_sha256);
  if (!r.items.empty()) {
    out += fmt::format("\ndiscrepancies ({}):\n", r.items.size());
    for (const auto& i : r.items) out += item_line(i);
  }
  if (!r.settled.empty()) {
    out += fmt::format("\nsettled from the statement ({}):\n", r.settled.size());
    for (const auto& s : r.settled) out += fmt::format("  txn {} serial {}: {} → {}\n", s.txn_id, s.serial, s.from, s.to);
  }
  if (!r.open.empty()) {
    out += fmt::format("\nleft to settle by hand ({}):\n", r.open.size());
    for (const auto& o : r.open) out += fmt::format("  txn {} serial {} ({}): {}\n", o.txn_id, o.serial, o.state, o.note);
  }
  return out;
}

}  // namespace mstation::recon
