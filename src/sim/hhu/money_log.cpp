#include "money_log.hpp"

#include <algorithm>

#include "mstation/hhu/frame.hpp"
#include "requests.hpp"

namespace mstation::hhu_sim {

using nlohmann::json;

bool moves_money(std::uint16_t code) {
  return code == txn::payment || code == txn::prepayment || code == txn::card_purchase || code == txn::reversal;
}

void MoneyLog::note_success(const std::string& date, std::uint32_t seq, std::uint16_t code, const json& request) {
  if (!moves_money(code)) return;
  MoneyRecord r{date, seq, code, request.value("amount_fen", std::int64_t{0}), 0};
  if (code == txn::reversal) r.orig_seq = request.value("orig_seq", std::uint32_t{0});
  records_.push_back(std::move(r));
}

void MoneyLog::keep_only(const std::string& date) {
  std::erase_if(records_, [&](const MoneyRecord& r) { return r.date != date; });
}

bool MoneyLog::reversed(std::uint32_t seq, const std::string& date) const {
  return std::any_of(records_.begin(), records_.end(), [&](const MoneyRecord& r) {
    return r.date == date && r.txn == txn::reversal && r.orig_seq == seq;
  });
}

json MoneyLog::settlement_request(const std::string& date) const {
  json items = json::array();
  std::int64_t count = 0;
  std::int64_t amount = 0;
  for (const auto& r : records_) {
    if (r.date != date) continue;
    items.push_back({{"seq", r.seq}, {"txn", hhu::txn_code(r.txn)}, {"amount_fen", r.amount_fen}});
    if (r.txn == txn::reversal || reversed(r.seq, date)) continue;
    ++count;
    amount += r.amount_fen;
  }
  return {{"date", date}, {"count", count}, {"amount_fen", amount}, {"items", std::move(items)}};
}

json MoneyLog::to_json() const {
  json list = json::array();
  for (const auto& r : records_) {
    list.push_back({{"date", r.date},
                    {"seq", r.seq},
                    {"txn", hhu::txn_code(r.txn)},
                    {"amount_fen", r.amount_fen},
                    {"orig_seq", r.orig_seq}});
  }
  return list;
}

MoneyLog MoneyLog::from_json(const json& list) {
  MoneyLog log;
  for (const auto& j : list) {
    const auto code = std::stoul(j.at("txn").get<std::string>(), nullptr, 16);
    log.records_.push_back({j.at("date").get<std::string>(), j.at("seq").get<std::uint32_t>(),
                            static_cast<std::uint16_t>(code), j.at("amount_fen").get<std::int64_t>(),
                            j.value("orig_seq", std::uint32_t{0})});
  }
  return log;
}

}  // namespace mstation::hhu_sim
