#include "mstation/recon/settler.hpp"

#include <nlohmann/json.hpp>

#include "mstation/store/business_txn_store.hpp"
#include "mstation/store/saf_store.hpp"

namespace mstation::recon {
namespace {

namespace state = store::txn_state;

struct Plan {
  const char* to;           // the record's new state (nullptr: the record is not changed)
  const char* saf_purpose;  // the entry to end
  const char* saf_state;    // …as
  const char* why;          // its last result
};

Plan plan_of(const Decision& d) {
  const bool reversal = d.station.kind == StationSide::Kind::reversal;
  switch (d.settle) {
    case Settle::not_charged:
      return {state::not_charged, reversal ? store::saf_purpose::resend : store::saf_purpose::reversal, "done",
              "reconciled: not booked by SG186"};
    case Settle::reversed:
      return {state::reversed, store::saf_purpose::reversal, "done", "reconciled: booked and reversed by SG186"};
    case Settle::manual:
      return {state::manual, store::saf_purpose::reversal, "manual", "reconciled: booked by SG186, not reversed"};
    case Settle::reversal_succeeded:
      return {state::succeeded, store::saf_purpose::resend, "done", "reconciled: booked by SG186"};
    case Settle::saf_done:
      return {nullptr, store::saf_purpose::reversal, "done", "reconciled: booked by SG186"};
    case Settle::none: break;
  }
  return {nullptr, nullptr, nullptr, nullptr};
}

journal::Entry settle_entry(const store::BusinessTxn& t, const Decision& d, const std::string& from,
                            const std::string& to, const char* why) {
  journal::Entry e;
  e.kind = "recon_settle";
  e.tid = t.request.tid;
  e.seq = static_cast<std::int64_t>(t.request.seq);
  e.txn = t.txn;
  e.code = to;
  e.decoded = nlohmann::json{{"txn_id", t.txn_id}, {"serial", d.serial}, {"from", from}, {"to", to}, {"why", why}}.dump();
  e.note = "settled from SG186's statement";
  return e;
}

class Settler {
 public:
  Settler(pqxx::transaction_base& tx, std::chrono::seconds quiet_for, std::vector<OpenRecord>& open,
          std::vector<journal::Entry>& journal)
      : tx_(tx), quiet_for_(quiet_for), open_(open), journal_(journal) {}

  void settle(const Decision& d) {
    const auto plan = plan_of(d);
    if (plan.saf_purpose == nullptr) return;
    auto t = store::lock_business_txn(tx_, d.station.txn_id);
    if (!t) return;
    const auto saf = store::lock_saf_of(tx_, t->txn_id, plan.saf_purpose);
    if (saf && saf->state == "queued" && saf->leased) return leave(d, *t, "its SG186 request is being retried right now");
    if (plan.to != nullptr) {
      if (t->state != state::unknown) return;  // settled since it was judged: nothing to do
      if (!store::quiet_since(tx_, t->txn_id, quiet_for_)) return leave(d, *t, "too recent to settle from the statement");
      change(d, *t, plan.to, plan.why);
      if (d.settle == Settle::reversal_succeeded && t->orig_txn_id) reverse_original(d, *t->orig_txn_id);
    }
    if (saf && saf->state == "queued") store::end_saf(tx_, saf->saf_id, plan.saf_state, plan.why);
  }

  std::vector<Settled> settled;

 private:
  void change(const Decision& d, store::BusinessTxn& t, const char* to, const char* why) {
    const std::string from = t.state;
    t.state = to;
    if (!store::settle_business_txn(tx_, t, from)) return;
    settled.push_back({t.txn_id, d.serial, from, to});
    journal_.push_back(settle_entry(t, d, from, to, why));
  }

  // A reversal SG186 booked takes its original with it.
  void reverse_original(const Decision& d, std::int64_t orig_txn_id) {
    auto original = store::lock_business_txn(tx_, orig_txn_id);
    if (original && original->state == state::succeeded) {
      change({d.settle, original->sg186_serial, d.station}, *original, state::reversed,
             "reconciled: its reversal was booked by SG186");
    }
  }

  void leave(const Decision& d, const store::BusinessTxn& t, const char* why) {
    open_.push_back({t.txn_id, d.serial, t.state, std::string("not settled this time: ") + why + "; reconcile again"});
  }

  pqxx::transaction_base& tx_;
  std::chrono::seconds quiet_for_;
  std::vector<OpenRecord>& open_;
  std::vector<journal::Entry>& journal_;
};

}  // namespace

std::vector<Settled> settle_decisions(pqxx::transaction_base& tx, const std::vector<Decision>& decisions,
                                      std::chrono::seconds quiet_for, std::vector<OpenRecord>& open,
                                      std::vector<journal::Entry>& journal) {
  Settler settler(tx, quiet_for, open, journal);
  for (const auto& d : decisions) settler.settle(d);
  return std::move(settler.settled);
}

}  // namespace mstation::recon
