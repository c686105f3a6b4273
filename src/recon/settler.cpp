#include "mstation/recon/settler.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "mstation/sg186/codes.hpp"
#include "mstation/store/business_txn_store.hpp"
#include "mstation/store/saf_store.hpp"

namespace mstation::recon {
namespace {

namespace state = store::txn_state;
namespace rsp = sg186::rsp;

struct Plan {
  const char* to;           // the record's new state (nullptr: see saf_done)
  const char* saf_purpose;  // the entry to end
  const char* saf_state;    // …as
  std::string_view code;    // …with this SG186 code as its last result
  const char* why;
};

Plan plan_of(const Decision& d) {
  const bool reversal = d.station.kind == StationSide::Kind::reversal;
  switch (d.settle) {
    case Settle::not_charged:
      return {state::not_charged, reversal ? store::saf_purpose::resend : store::saf_purpose::reversal, "done",
              rsp::original_not_found, "SG186's statement: never booked"};
    case Settle::reversed:
      return {state::reversed, store::saf_purpose::reversal, "done", rsp::already_reversed,
              "SG186's statement: booked and reversed"};
    case Settle::manual:
      return {state::manual, store::saf_purpose::reversal, "manual", rsp::reversal_other_day,
              "SG186's statement: booked and not reversed; its day is closed"};
    case Settle::reversal_succeeded:
      return {state::succeeded, store::saf_purpose::resend, "done", rsp::success, "SG186's statement: booked"};
    case Settle::saf_done:
      return {nullptr, store::saf_purpose::reversal, "done", rsp::success,
              "SG186's statement: the automatic reversal was booked"};
    case Settle::none: break;
  }
  return {nullptr, nullptr, nullptr, {}, nullptr};
}

class Settler {
 public:
  Settler(pqxx::transaction_base& tx, std::chrono::seconds quiet_for, std::vector<OpenRecord>& open,
          std::vector<journal::Entry>& journal)
      : tx_(tx), quiet_for_(quiet_for), open_(open), journal_(journal) {}

  void settle(const Decision& d) {
    const auto plan = plan_of(d);
    if (plan.saf_purpose == nullptr) return;
    // The SAF entry first, then the record: the worker's order. Neither is
    // waited for: a row another transaction holds is being worked on now.
    bool busy = false;
    const auto saf = store::try_lock_saf_of(tx_, d.station.txn_id, plan.saf_purpose, busy);
    if (busy) return leave(d, "its SG186 request is being sent right now");
    auto t = store::try_lock_business_txn(tx_, d.station.txn_id, busy);
    if (busy) return leave(d, "another process is settling it right now");
    if (!t) return;
    if (saf && saf->state == "queued" && saf->leased) return leave(d, "its SG186 request is being sent right now");
    if (plan.to != nullptr) {
      if (t->state != state::unknown) {  // settled since it was judged: judged again as it stands
        touched.push_back(d.serial);
        return;
      }
      if (!store::quiet_since(tx_, t->txn_id, quiet_for_)) return leave(d, "too recent to settle from the statement");
      change(*t, plan.to, plan.why);
      if (d.settle == Settle::reversal_succeeded && t->orig_txn_id) reverse(d, *t->orig_txn_id, plan.why);
    } else if (t->state == state::succeeded || t->state == state::unknown) {
      // saf_done: the automatic reversal was booked, so its original (in doubt, or a card not written) is reversed.
      if (!store::quiet_since(tx_, t->txn_id, quiet_for_)) return leave(d, "too recent to settle from the statement");
      change(*t, state::reversed, plan.why);
    }
    touched.push_back(d.serial);
    if (saf && saf->state == "queued") end(*saf, *t, plan);
  }

  std::vector<Settled> settled;
  std::vector<std::string> touched;

 private:
  void change(store::BusinessTxn& t, const char* to, const char* why) {
    const std::string from = t.state;
    t.state = to;
    if (!store::settle_business_txn(tx_, t, from)) return;
    settled.push_back({t.txn_id, t.sg186_serial, from, to});
    touched.push_back(t.sg186_serial);
    journal_.push_back(entry(t, {{"txn_id", t.txn_id}, {"serial", t.sg186_serial}, {"from", from}, {"to", to},
                                 {"why", why}}));
  }

  // A reversal SG186 booked takes its original with it.
  void reverse(const Decision& d, std::int64_t orig_txn_id, const char* why) {
    bool busy = false;
    auto original = store::try_lock_business_txn(tx_, orig_txn_id, busy);
    if (busy) {
      open_.push_back({orig_txn_id, "", state::succeeded,
                       "its reversal " + d.serial + " was booked by SG186 but it is being worked on: reconcile again"});
      return;
    }
    if (original && original->state == state::succeeded) change(*original, state::reversed, why);
  }

  void end(const store::SafLock& saf, const store::BusinessTxn& t, const Plan& plan) {
    if (!store::end_saf(tx_, saf.saf_id, plan.saf_state, std::string(plan.code))) return;
    touched.push_back(saf.serial);
    journal_.push_back(entry(t, {{"saf_id", saf.saf_id}, {"serial", saf.serial}, {"txn_id", t.txn_id},
                                 {"from", "queued"}, {"to", plan.saf_state}, {"last_result", plan.code},
                                 {"why", plan.why}}));
  }

  journal::Entry entry(const store::BusinessTxn& t, const nlohmann::json& what) const {
    journal::Entry e;
    e.kind = "recon_settle";
    e.tid = t.request.tid;
    e.seq = static_cast<std::int64_t>(t.request.seq);
    e.txn = t.txn;
    e.code = what.value("to", "");
    e.decoded = what.dump();
    e.note = "settled from SG186's statement";
    return e;
  }

  void leave(const Decision& d, const char* why) {
    open_.push_back({d.station.txn_id, d.serial, d.station.state,
                     std::string("not settled this time: ") + why + "; reconcile again"});
  }

  pqxx::transaction_base& tx_;
  std::chrono::seconds quiet_for_;
  std::vector<OpenRecord>& open_;
  std::vector<journal::Entry>& journal_;
};

}  // namespace

SettleResult settle_decisions(pqxx::transaction_base& tx, const std::vector<Decision>& decisions,
                              std::chrono::seconds quiet_for, std::vector<OpenRecord>& open,
                              std::vector<journal::Entry>& journal) {
  // An automatic reversal's own line first: it ends its entry as booked (1001)
  // before its original's decision would end it as merely reversed.
  auto ordered = decisions;
  std::stable_partition(ordered.begin(), ordered.end(), [](const Decision& d) { return d.settle == Settle::saf_done; });
  Settler settler(tx, quiet_for, open, journal);
  for (const auto& d : ordered) settler.settle(d);
  return {std::move(settler.settled), std::move(settler.touched)};
}

}  // namespace mstation::recon
