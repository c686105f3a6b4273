#pragma once
// The result of reconciling one business date, and its two forms: the JSON
// contract (stdout with --format json, recon_<AGENCY>_<YYYYMMDD>.json) and
// the text ops read in the morning (totals first, then one line per
// discrepancy with what to do about it). Pure.
#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "mstation/recon/classify.hpp"

namespace mstation::recon {

// A serial that did not match, with both sides as found.
struct Item {
  Class cls = Class::matched;
  std::string serial;
  std::optional<std::int64_t> txn_id;
  std::string customer_no;
  std::optional<std::int64_t> station_amount_fen;
  std::optional<std::int64_t> sg186_amount_fen;
  std::optional<std::string> station_state;
  std::optional<char> sg186_status;
  std::optional<unsigned> sg186_txn_code;
  std::string note;
};

// A record the statement settled: its state before and after.
struct Settled {
  std::int64_t txn_id = 0;
  std::string serial;
  std::string from;
  std::string to;
};

// A record reconciliation leaves to people: `manual`, or undecided and not
// settled this time (too recent, its reversal being tried right now).
struct OpenRecord {
  std::int64_t txn_id = 0;
  std::string serial;
  std::string state;
  std::string note;
};

struct Totals {
  std::int64_t count = 0;
  std::int64_t amount_fen = 0;
  bool operator==(const Totals&) const = default;
};

struct Report {
  std::uint32_t business_date = 0;  // YYYYMMDD
  std::string agency;
  std::array<std::int64_t, 5> counts{};  // by Class
  Totals station;                        // net collected (§5 TOTAL_COUNT/TOTAL_AMOUNT), the station's view
  Totals sg186;                          // the same from the statement
  std::vector<Item> items;               // every non-matched serial, by serial
  std::vector<Settled> settled;
  std::vector<OpenRecord> open;
  std::int64_t run_id = 0;               // once stored
  std::string file_name;
  std::uint64_t file_size = 0;
  std::string file_sha256;               // hex

  std::int64_t count(Class c) const { return counts[static_cast<std::size_t>(c)]; }
  // Nothing differs and nothing is left open for people.
  bool agreed() const { return items.empty() && open.empty() && station == sg186; }
  const char* result() const { return agreed() ? "agreed" : "discrepancies"; }
};

nlohmann::json to_json(const Report& report);
std::string to_text(const Report& report);

}  // namespace mstation::recon
