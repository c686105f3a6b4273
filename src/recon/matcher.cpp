#include "mstation/recon/matcher.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <pqxx/pqxx>
#include <limits>
#include <tuple>

#include "mstation/common/printable.hpp"
#include "mstation/recon/recon_failure.hpp"
#include "mstation/sg186/codes.hpp"
#include "mstation/sg186/statement_file.hpp"
#include "mstation/txn/upstream.hpp"

namespace mstation::recon {
namespace {

using Kind = ReconFailure::Kind;
constexpr int fetch_rows = 10000;

bool is_money_code(unsigned code) {
  return code == sg186::txn_payment || code == sg186::txn_reversal || code == sg186::txn_prepayment ||
         code == sg186::txn_card_purchase;
}

// Copies the lines into recon_line and returns their totals as §5 defines
// them (STATUS 1, TXN_CODE other than 012).
Totals load_lines(pqxx::transaction_base& tx, const Statement& statement) {
  tx.exec(
      "CREATE TEMPORARY TABLE recon_line (serial text PRIMARY KEY, cons_no text NOT NULL, txn_code integer NOT NULL, "
      "amount_fen bigint NOT NULL, status char(1) NOT NULL) ON COMMIT DROP");
  sg186::StatementReader reader(statement.text);
  sg186::StatementFile header;
  if (!reader.read_header(header)) throw ReconFailure(Kind::bad_file, "statement file: " + reader.problem());
  Totals totals;
  pqxx::stream_to copy(tx, "recon_line", std::vector<std::string>{"serial", "cons_no", "txn_code", "amount_fen", "status"});
  sg186::StatementLine line;
  for (auto next = reader.next(line); next != sg186::StatementReader::Next::end; next = reader.next(line)) {
    if (next == sg186::StatementReader::Next::bad) throw ReconFailure(Kind::bad_file, "statement file: " + reader.problem());
    if (!is_money_code(line.txn_code)) {
      throw ReconFailure(Kind::bad_file, fmt::format("statement file: serial {}: TXN_CODE {:03} is not a money "
                                                     "transaction", printable(line.serial), line.txn_code));
    }
    const auto amount = static_cast<std::int64_t>(line.amount_fen);  // N(14) at most: fits
    if (line.status == '1' && line.txn_code != sg186::txn_reversal) {
      if (totals.amount_fen > std::numeric_limits<std::int64_t>::max() - amount) {
        throw ReconFailure(Kind::bad_file, "statement file: the amounts add up beyond any real day");
      }
      ++totals.count;
      totals.amount_fen += amount;
    }
    // printable: the fields go into text columns, whatever bytes SG186 sent.
    copy << std::make_tuple(printable(line.serial), printable(line.cons_no), line.txn_code, amount,
                            std::string(1, line.status));
  }
  try {
    copy.complete();
  } catch (const pqxx::unique_violation& e) {
    throw ReconFailure(Kind::bad_file, std::string("statement file: a serial is listed twice (") +
                                           printable(e.what()).substr(0, 200) + ")");
  }
  if (totals.count != static_cast<std::int64_t>(header.total_count) ||
      totals.amount_fen != static_cast<std::int64_t>(header.total_amount_fen)) {
    throw ReconFailure(Kind::contradicts_summary,
                       fmt::format("the file's lines add up to {} transactions, {} fen; its header and the summary "
                                   "(050) say {}, {} fen",
                                   totals.count, totals.amount_fen, header.total_count, header.total_amount_fen));
  }
  tx.exec("ANALYZE recon_line");  // a million rows and no statistics would make a poor join plan
  return totals;
}

// created_at of `alias` bracketing the (quoted) business date, with a day's
// slack for clocks, so only its month's partition is read.
std::string created_within(const char* alias, const std::string& day) {
  return fmt::format("AND {0}.created_at >= {1}::date - interval '1 day' AND {0}.created_at < {1}::date + interval '2 days'",
                     alias, day);
}

// The station's side of a date: its money records and the automatic
// reversals of its originals, each under the serial SG186 knows it by.
// `only` narrows both sides to a list of serials
// (the ones a settlement changed).
std::string pairs_query(pqxx::transaction_base& tx, std::uint32_t date, const std::string& only) {
  const auto day = tx.quote(txn::iso_date(date));
  const auto station_only = only.empty() ? "" : " AND b.sg186_serial = ANY(" + only + ")";
  const auto saf_only = only.empty() ? "" : " AND s.sg186_serial = ANY(" + only + ")";
  const auto line_only = only.empty() ? "" : " WHERE serial = ANY(" + only + ")";
  return fmt::format(R"(
  WITH station AS (
    SELECT b.sg186_serial AS serial, CASE b.txn WHEN '0203' THEN 'r' ELSE 'c' END AS kind, b.txn_id,
           CASE b.txn WHEN '0202' THEN 11 WHEN '0203' THEN 12 WHEN '0204' THEN 13 ELSE 40 END AS code,
           b.customer_no, b.amount_fen, b.state, '' AS saf_result
      FROM mstation.business_txn b
     WHERE b.business_date = {0}::date AND b.txn IN ('0202', '0203', '0204', '0401') {1}{2}
    UNION ALL
    SELECT s.sg186_serial, 'a', s.txn_id, 12, o.customer_no, o.amount_fen, s.state, coalesce(s.last_result, '')
      FROM mstation.saf_entry s JOIN mstation.business_txn o ON o.txn_id = s.txn_id
     WHERE s.purpose = 'reversal' AND o.business_date = {0}::date {3}{4}
  ), line AS (SELECT * FROM recon_line{5})
  SELECT st.serial, st.kind, st.txn_id, st.code, st.customer_no, st.amount_fen, st.state, st.saf_result,
         l.serial, l.txn_code, l.cons_no, l.amount_fen, l.status
    FROM station st FULL JOIN line l ON l.serial = st.serial)",
                     day, created_within("b", day), station_only, created_within("o", day), saf_only, line_only);
}

std::optional<StationSide> station_of(const pqxx::row& r) {
  if (r[0].is_null()) return std::nullopt;
  StationSide s;
  const auto kind = r[1].as<std::string>();
  s.kind = kind == "r" ? StationSide::Kind::reversal
           : kind == "a" ? StationSide::Kind::auto_reversal
                         : StationSide::Kind::charge;
  s.txn_id = r[2].as<std::int64_t>();
  s.sg186_txn_code = r[3].as<unsigned>();
  s.customer_no = r[4].as<std::string>();
  s.amount_fen = r[5].as<std::int64_t>();
  s.state = r[6].as<std::string>();
  s.saf_result = r[7].as<std::string>();
  return s;
}

std::optional<Sg186Side> line_of(const pqxx::row& r) {
  if (r[8].is_null()) return std::nullopt;
  return Sg186Side{r[9].as<unsigned>(), r[10].as<std::string>(), r[11].as<std::int64_t>(), r[12].as<std::string>()[0]};
}

Item item_of(const std::string& serial, const Verdict& v, const std::optional<StationSide>& s,
             const std::optional<Sg186Side>& l) {
  Item i;
  i.cls = v.cls;
  i.serial = serial;
  i.note = v.note;
  if (s) {
    i.txn_id = s->txn_id;
    i.customer_no = s->customer_no;
    i.station_amount_fen = s->amount_fen;
    i.station_state = shown_state(*s);
  }
  if (l) {
    if (i.customer_no.empty()) i.customer_no = l->cons_no;
    i.sg186_amount_fen = l->amount_fen;
    i.sg186_status = l->status;
    i.sg186_txn_code = l->txn_code;
  }
  return i;
}

void judge_pair(const pqxx::row& r, Match& m) {
  const auto station = station_of(r);
  const auto line = line_of(r);
  const auto serial = r[station ? 0 : 8].as<std::string>();
  const auto v = judge(station, line);
  ++m.report.counts[static_cast<std::size_t>(v.cls)];
  if (v.cls != Class::matched) m.report.items.push_back(item_of(serial, v, station, line));
  if (v.open) m.report.open.push_back({station->txn_id, serial, station->state, v.note});
  if (v.settle != Settle::none) m.decisions.push_back({v.settle, serial, *station});
}

void sort_items(Match& m) {
  std::sort(m.report.items.begin(), m.report.items.end(),
            [](const Item& a, const Item& b) { return a.serial < b.serial; });
}

}  // namespace

Match match_day(pqxx::transaction_base& tx, const Statement& statement, std::uint32_t date,
                const std::function<void()>& between_batches) {
  Match m;
  m.report.business_date = date;
  m.report.sg186 = load_lines(tx, statement);
  tx.exec("DECLARE recon_pairs NO SCROLL CURSOR FOR " + pairs_query(tx, date, ""));
  while (true) {
    if (between_batches) between_batches();
    const auto rows = tx.exec(fmt::format("FETCH FORWARD {} FROM recon_pairs", fetch_rows));
    for (const auto& r : rows) judge_pair(r, m);
    if (rows.size() < static_cast<std::size_t>(fetch_rows)) break;
  }
  tx.exec("CLOSE recon_pairs");
  sort_items(m);
  return m;
}

void rejudge(pqxx::transaction_base& tx, std::uint32_t date, std::vector<std::string> serials, Match& m) {
  std::sort(serials.begin(), serials.end());
  serials.erase(std::unique(serials.begin(), serials.end()), serials.end());
  if (serials.empty()) return;
  auto& items = m.report.items;
  auto& open = m.report.open;
  for (const auto& serial : serials) {
    const auto it = std::find_if(items.begin(), items.end(), [&](const Item& i) { return i.serial == serial; });
    const auto old = it == items.end() ? Class::matched : it->cls;
    if (it != items.end()) items.erase(it);
    open.erase(std::remove_if(open.begin(), open.end(), [&](const OpenRecord& o) { return o.serial == serial; }),
               open.end());
    --m.report.counts[static_cast<std::size_t>(old)];
  }
  std::string array = "ARRAY[";
  for (std::size_t i = 0; i < serials.size(); ++i) array += (i > 0 ? "," : "") + tx.quote(serials[i]);
  array += "]::text[]";
  Match again;
  for (const auto& r : tx.exec(pairs_query(tx, date, array))) judge_pair(r, again);
  for (std::size_t c = 0; c < m.report.counts.size(); ++c) m.report.counts[c] += again.report.counts[c];
  items.insert(items.end(), again.report.items.begin(), again.report.items.end());
  open.insert(open.end(), again.report.open.begin(), again.report.open.end());
  sort_items(m);
}

Totals station_totals(pqxx::transaction_base& tx, std::uint32_t date) {
  // The same records as the pairs query (the same created_at window).
  const auto day = tx.quote(txn::iso_date(date));
  const auto r = tx.exec1(fmt::format(
      "SELECT count(*), coalesce(sum(b.amount_fen), 0)::bigint FROM mstation.business_txn b "
      "WHERE b.business_date = {}::date AND b.txn IN ('0202', '0204', '0401') AND b.state = 'succeeded' {}",
      day, created_within("b", day)));
  return {r[0].as<std::int64_t>(), r[1].as<std::int64_t>()};
}

}  // namespace mstation::recon
