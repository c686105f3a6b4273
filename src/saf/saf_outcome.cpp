#include "mstation/saf/saf_outcome.hpp"

#include <fmt/format.h>

#include "mstation/sg186/codes.hpp"
#include "mstation/store/alert_store.hpp"
#include "mstation/store/business_txn_store.hpp"

namespace mstation::saf {
namespace {

namespace rsp = sg186::rsp;
namespace state = store::txn_state;

bool is_one_of(const std::string& code, std::initializer_list<std::string_view> codes) {
  for (const auto c : codes)
    if (code == c) return true;
  return false;
}

Verdict judge_answer(const store::SafEntry& e, const std::string& code) {
  if (e.purpose == store::saf_purpose::reversal) {
    if (is_one_of(code, {rsp::success, rsp::original_not_found, rsp::already_reversed})) return Verdict::done;
    if (is_one_of(code, {rsp::reversal_other_day, rsp::reversal_mismatch, rsp::bad_packet, rsp::serial_reused})) {
      return Verdict::manual;
    }
    return Verdict::retry;
  }
  if (e.sg186_txn == "012") {
    if (is_one_of(code, {rsp::success, rsp::already_reversed})) return Verdict::done;
    return is_one_of(code, {rsp::bad_packet}) ? Verdict::retry : Verdict::manual;
  }
  return Verdict::done;  // 021, 041: answered is delivered
}

// Moves a business transaction to `to` from whatever unsettled state it is in.
void move(pqxx::transaction_base& tx, std::int64_t txn_id, const std::string& to, const std::string& code) {
  auto t = store::lock_business_txn(tx, txn_id);
  if (!t || t->state == to) return;
  const std::string from = t->state;
  t->state = to;
  if (!code.empty()) t->sg186_code = code;
  store::settle_business_txn(tx, *t, from);
}

void settle_done(pqxx::transaction_base& tx, const store::SafEntry& e, const std::string& code) {
  if (e.purpose == store::saf_purpose::reversal) {
    move(tx, e.txn_id, state::reversed, "");
  } else if (e.sg186_txn == "012") {
    move(tx, e.txn_id, state::succeeded, code);
    if (const auto reversal = store::find_business_txn(tx, e.txn_id); reversal && reversal->orig_txn_id) {
      move(tx, *reversal->orig_txn_id, state::reversed, "");
    }
  } else if (e.sg186_txn == "021") {
    move(tx, e.txn_id, code == rsp::success ? state::succeeded : state::declined, code);
  }
}

void settle_manual(pqxx::transaction_base& tx, const store::SafEntry& e, const std::string& code) {
  if (e.sg186_txn != "041") move(tx, e.txn_id, state::manual, "");
  store::raise_alert(tx, store::Severity::critical, "saf_manual", e.sg186_serial,
                     fmt::format("{} {} of business transaction {} ended with {}: settle it by hand", e.purpose,
                                 e.sg186_txn, e.txn_id, code));
}

}  // namespace

Judgement judge(const store::SafEntry& entry, const sg186::ExchangeResult& result) {
  if (!result.answer) return {Verdict::retry, sg186::to_string(result.kind)};
  const auto& code = result.answer->header.rsp_code;
  return {judge_answer(entry, code), code};
}

std::chrono::seconds backoff(int attempts, std::chrono::seconds max_backoff) {
  const std::int64_t seconds = attempts >= 20 ? max_backoff.count() : (std::int64_t{1} << attempts);
  return std::chrono::seconds(std::min<std::int64_t>(seconds, max_backoff.count()));
}

Verdict apply(pqxx::transaction_base& tx, const store::SafEntry& entry, const std::string& instance,
              const sg186::ExchangeResult& result, const Limits& limits) {
  auto j = judge(entry, result);
  const int attempts = entry.attempts + 1;
  // A decline that does not change (1002 "预收余额已使用", …) is not retried for ever.
  if (j.verdict == Verdict::retry && result.answer && attempts >= limits.max_attempts) j.verdict = Verdict::manual;
  switch (j.verdict) {
    case Verdict::done:
      if (!store::finish_saf(tx, entry.saf_id, instance, j.result, false)) return Verdict::retry;
      settle_done(tx, entry, j.result);
      break;
    case Verdict::manual:
      if (!store::finish_saf(tx, entry.saf_id, instance, j.result, true)) return Verdict::retry;
      settle_manual(tx, entry, j.result);
      break;
    case Verdict::retry: {
      if (!store::reschedule_saf(tx, entry.saf_id, instance, j.result, backoff(attempts, limits.max_backoff))) {
        return Verdict::retry;
      }
      const bool overdue = attempts >= limits.max_attempts || entry.age_s >= limits.alert_after.count();
      if (overdue && !entry.alerted) {
        store::mark_saf_alerted(tx, entry.saf_id);
        store::raise_alert(tx, store::Severity::critical, "saf_overdue", entry.sg186_serial,
                           fmt::format("{} {} of business transaction {}: {} attempts over {} s, last {}; still trying",
                                       entry.purpose, entry.sg186_txn, entry.txn_id, attempts, entry.age_s, j.result));
      }
      break;
    }
  }
  return j.verdict;
}

}  // namespace mstation::saf
