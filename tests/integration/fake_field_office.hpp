#pragma once
// The business side of FakeHhuStation: a segment of five customers and the
// answers hhu-protocol.md §5 promises for them, with the money kept per SEQ so
// that reversals, reprints and the day settlement can be checked.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "fake_hhu_station.hpp"

namespace mstation::test {

class FakeFieldOffice {
 public:
  nlohmann::json answer(const ReceivedRequest& request);

  // The count a card purchase must carry (SG186 answers 1051 otherwise).
  std::int64_t card_purchase_count = 7;
  // A TXN answered with this code instead of its normal answer.
  std::map<std::uint16_t, std::string> refuse;

 private:
  struct Money {
    std::uint16_t txn = 0;
    std::string customer_no;
    std::int64_t amount_fen = 0;
    bool reversed = false;
  };

  nlohmann::json money(const ReceivedRequest& r);
  nlohmann::json reversal(const ReceivedRequest& r);
  nlohmann::json card_purchase(const ReceivedRequest& r);
  nlohmann::json settlement(const ReceivedRequest& r) const;

  std::map<std::uint32_t, Money> by_seq_;
  std::int64_t next_txn_id_ = 1000;
};

}  // namespace mstation::test
