#pragma once
// Settling a business transaction by hand (`mstation txn resolve`, and the
// console later): only a record left `unknown` or `manual` can be resolved,
// as succeeded (SG186 booked it and the cash was collected), reversed
// (booked, then reversed at SG186) or not charged (SG186 never booked it).
// Cash in transit follows the outcome; the record's store-and-forward
// entries still queued or manual are abandoned (ops decided); a reversal
// resolved as succeeded reverses its original. The caller journals it.
#include <cstdint>
#include <pqxx/transaction_base>
#include <stdexcept>
#include <string>
#include <vector>

#include "mstation/store/business_txn_store.hpp"

namespace mstation::recon {

// An expected refusal: the record is not in a state that can be resolved so.
class ResolveRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Resolution {
  store::BusinessTxn before;
  std::string to;
  std::vector<std::int64_t> saf_abandoned;
  std::int64_t original_reversed = 0;  // a reversal's original, if this reversed it
};

// `as`: "succeeded", "reversed" or "not-charged".
Resolution resolve_txn(pqxx::transaction_base& tx, std::int64_t txn_id, const std::string& as);

}  // namespace mstation::recon
