// 0207 DAY_SETTLEMENT (代收对账, 终端日结), hhu-protocol.md §5: the terminal's
// own list of its money transactions of a day against ours. Each side counts
// what the terminal was told succeeded (00); the totals are net: originals
// not reversed, and their sum. Every SEQ the two lists disagree on is named.
#include <map>

#include "mstation/txn/business.hpp"

namespace mstation::txn {
namespace {

struct Item {
  std::string txn;
  std::int64_t amount_fen = 0;
};

// The terminal's items by SEQ, or nullopt for a malformed list (→ 30); a
// SEQ listed twice goes to `duplicates`.
std::optional<std::map<std::int64_t, Item>> terminal_items(const nlohmann::json& request,
                                                           std::vector<std::int64_t>& duplicates) {
  const auto items = request.find("items");
  if (items == request.end() || !items->is_array()) return std::nullopt;
  std::map<std::int64_t, Item> out;
  for (const auto& i : *items) {
    if (!i.is_object()) return std::nullopt;
    const auto seq = count_field(i, "seq", 4294967295);
    const auto txn = string_field(i, "txn");
    const auto amount = amount_field(i);
    if (!seq || !txn || !amount) return std::nullopt;
    if (!out.emplace(*seq, Item{*txn, *amount}).second) duplicates.push_back(*seq);
  }
  return out;
}

}  // namespace

nlohmann::json handle_day_settlement(HandlerContext& ctx) {
  const auto date = date_field(ctx.request, "date");
  const auto count = count_field(ctx.request, "count", std::numeric_limits<std::int64_t>::max());
  const auto amount = amount_field(ctx.request);
  std::vector<std::int64_t> duplicates;
  const auto items = terminal_items(ctx.request, duplicates);
  if (!date || !count || !amount || !items) return reply(codes::format_error);

  std::int64_t server_count = 0, server_amount = 0;
  auto differences = nlohmann::json::array();
  for (const auto seq : duplicates) differences.push_back({{"seq", seq}, {"issue", "duplicate_on_terminal"}});
  auto unmatched = *items;
  for (const auto& line : store::money_lines_of_terminal(ctx.tx, ctx.terminal.tid, ctx.terminal.seq_epoch, *date)) {
    if (line.txn != "0203" && line.state != store::txn_state::reversed) {
      ++server_count;
      server_amount += line.amount_fen;
    }
    const auto it = unmatched.find(line.seq);
    if (it == unmatched.end()) {
      differences.push_back({{"seq", line.seq}, {"issue", "missing_on_terminal"}});
      continue;
    }
    if (it->second.txn != line.txn) {
      differences.push_back({{"seq", line.seq}, {"issue", "txn_differs"}});
    } else if (it->second.amount_fen != line.amount_fen) {
      differences.push_back({{"seq", line.seq}, {"issue", "amount_differs"}});
    }
    unmatched.erase(it);
  }
  for (const auto& [seq, item] : unmatched) differences.push_back({{"seq", seq}, {"issue", "missing_on_server"}});

  auto body = reply(codes::success);
  body["date"] = iso_date(*date);
  body["matched"] = differences.empty() && *count == server_count && *amount == server_amount;
  body["server_count"] = server_count;
  body["server_amount_fen"] = server_amount;
  body["differences"] = differences;
  return body;
}

}  // namespace mstation::txn
