// 0206 COLLECTION_STATS (收费信息统计), hhu-protocol.md §5: the operator's
// money transactions of a day — those the terminal was told succeeded — and
// what of them was reversed since. SIGN_OFF answers with the same totals.
#include "mstation/txn/business.hpp"

namespace mstation::txn {

nlohmann::json operator_totals(pqxx::transaction_base& tx, const std::string& operator_id, std::uint32_t date) {
  std::int64_t count = 0, amount = 0, reversed_count = 0, reversed_fen = 0;
  for (const auto& line : store::money_lines_of_operator(tx, operator_id, date)) {
    if (line.txn == "0203") continue;  // a reversal counts through its original
    ++count;
    amount += line.amount_fen;
    if (line.state == store::txn_state::reversed) {
      ++reversed_count;
      reversed_fen += line.amount_fen;
    }
  }
  return {{"date", iso_date(date)},         {"count", count},
          {"amount_fen", amount},           {"reversed_count", reversed_count},
          {"reversed_fen", reversed_fen},   {"net_fen", amount - reversed_fen}};
}

std::optional<std::uint32_t> date_field(const nlohmann::json& request, const char* name) {
  const auto text = string_field(request, name);
  if (!text || text->size() != 10) return std::nullopt;
  return parse_iso_date(*text);
}

nlohmann::json handle_collection_stats(HandlerContext& ctx) {
  std::uint32_t date = business_date_number(ctx.now);
  if (ctx.request.contains("date")) {
    const auto asked = date_field(ctx.request, "date");
    if (!asked) return reply(codes::format_error);
    date = *asked;
  }
  auto body = reply(codes::success);
  body.update(operator_totals(ctx.tx, operator_of(ctx), date));
  return body;
}

}  // namespace mstation::txn
