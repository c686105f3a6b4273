#include "mstation/recon/manual_settlement.hpp"

#include <fmt/format.h>

#include "mstation/store/saf_store.hpp"

namespace mstation::recon {
namespace {

namespace state = store::txn_state;

std::string target_state(const store::BusinessTxn& t, const std::string& as) {
  if (as == "succeeded") return state::succeeded;
  if (as == "not-charged") return state::not_charged;
  if (as == "reversed") {
    if (t.txn != "0202" && t.txn != "0204" && t.txn != "0401") {
      throw ResolveRefused("only a payment, prepayment or card purchase is resolved as reversed");
    }
    return state::reversed;
  }
  throw ResolveRefused("--as must be succeeded, reversed or not-charged");
}

// Its entries, locked before the record (the SAF worker's order).
std::vector<store::SafLock> lock_entries(pqxx::transaction_base& tx, std::int64_t txn_id) {
  std::vector<store::SafLock> out;
  for (const auto* purpose : {store::saf_purpose::reversal, store::saf_purpose::resend}) {
    if (auto e = store::lock_saf_of(tx, txn_id, purpose)) out.push_back(*e);
  }
  return out;
}

// Entries still waiting to be sent, or waiting for ops, stop: ops decided.
std::vector<std::int64_t> abandon_entries(pqxx::transaction_base& tx, const std::vector<store::SafLock>& entries) {
  std::vector<std::int64_t> ended;
  for (const auto& e : entries) {
    if (e.state != "queued" && e.state != "manual") continue;
    if (e.leased) {
      throw ResolveRefused(fmt::format("its SAF entry {} is being sent right now: try again in a minute", e.saf_id));
    }
    if (store::abandon_saf(tx, e.saf_id, "resolved by hand")) ended.push_back(e.saf_id);
  }
  return ended;
}

}  // namespace

Resolution resolve_txn(pqxx::transaction_base& tx, std::int64_t txn_id, const std::string& as) {
  const auto entries = lock_entries(tx, txn_id);
  auto t = store::lock_business_txn(tx, txn_id);
  if (!t) throw ResolveRefused(fmt::format("no business transaction {}", txn_id));
  if (t->state != state::unknown && t->state != state::manual) {
    throw ResolveRefused(fmt::format("business transaction {} is {}: only unknown or manual records are resolved by hand",
                                     txn_id, t->state));
  }
  Resolution r;
  r.before = *t;
  r.to = target_state(*t, as);
  r.saf_abandoned = abandon_entries(tx, entries);
  const std::string from = t->state;
  t->state = r.to;
  store::settle_business_txn(tx, *t, from);  // the row is locked: it is still `from`
  if (t->txn == "0203" && r.to == state::succeeded && t->orig_txn_id) {
    auto original = store::lock_business_txn(tx, *t->orig_txn_id);
    if (original && original->state == state::succeeded) {
      original->state = state::reversed;
      store::settle_business_txn(tx, *original, state::succeeded);
      r.original_reversed = original->txn_id;
    }
  }
  return r;
}

}  // namespace mstation::recon
