#pragma once
// The money transactions this terminal did today, as a handheld keeps them
// for its end-of-day settlement (DAY_SETTLEMENT, hhu-protocol.md §5).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mstation::hhu_sim {

struct MoneyRecord {
  std::string date;  // business date (UTC+8) it succeeded on
  std::uint32_t seq = 0;
  std::uint16_t txn = 0;  // PAYMENT, PREPAYMENT, CARD_PURCHASE or REVERSAL
  std::int64_t amount_fen = 0;
  std::uint32_t orig_seq = 0;  // a reversal's original; 0 otherwise
};

class MoneyLog {
 public:
  // Remembers `request` if it is a money transaction that answered 00.
  void note_success(const std::string& date, std::uint32_t seq, std::uint16_t txn, const nlohmann::json& request);
  // Days other than `date` are settled already: a handheld starts each day empty.
  void keep_only(const std::string& date);

  // The DAY_SETTLEMENT request for `date`: every money transaction as an item,
  // and `count` / `amount_fen` of the originals that were not reversed.
  nlohmann::json settlement_request(const std::string& date) const;

  const std::vector<MoneyRecord>& records() const { return records_; }
  nlohmann::json to_json() const;
  static MoneyLog from_json(const nlohmann::json& list);  // throws on a malformed list

 private:
  bool reversed(std::uint32_t seq, const std::string& date) const;

  std::vector<MoneyRecord> records_;
};

bool moves_money(std::uint16_t txn);

}  // namespace mstation::hhu_sim
