// Metric labels from closed sets (txn/codes.hpp).
#include <algorithm>
#include <array>

#include "mstation/hhu/frame.hpp"
#include "mstation/txn/codes.hpp"

namespace mstation::txn {

std::string metric_txn_label(const std::string& txn_code) {
  using namespace txns;
  // Formatted once: this runs for every frame answered.
  static const auto known = [] {
    std::array codes{sign_on,        sign_off,        echo,          reading_tasks,    reading_upload,
                     reading_anomaly, bill_estimate,   arrears_query, payment,          reversal,
                     prepayment,     receipt_reprint, collection_stats, day_settlement, dunning_tasks,
                     dunning_notice, outage_check,    card_purchase, card_write_confirm};
    std::array<std::string, codes.size()> text;
    std::transform(codes.begin(), codes.end(), text.begin(), [](std::uint16_t t) { return hhu::txn_code(t); });
    return text;
  }();
  const bool listed = std::find(known.begin(), known.end(), txn_code) != known.end();
  return listed ? txn_code : "other";
}

}  // namespace mstation::txn
