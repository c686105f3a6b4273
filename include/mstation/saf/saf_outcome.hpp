#pragma once
// What one store-and-forward attempt means (design.md §2), and its effect on
// the queue entry and on the business transactions it settles:
//
//   reversal (012 of an original in doubt or not written to the card)
//     1001, 1016, 1017 → done, the original `reversed` (nothing left charged)
//     1015             → `manual` (the day has turned) + alert
//     1005, 1006, 1050 → `manual` + alert (retrying cannot help)
//   resend of a terminal's reversal (012)
//     1001, 1017 → done, the reversal `succeeded`, its original `reversed`
//     other answers → `manual` + alert
//   resend of a reading upload (021) or card-write confirmation (041)
//     any answer → done (the reading row `succeeded` or `declined`)
//   no answer, or any other code → tried again after a backoff; an answered
//   decline that is still the answer after saf.max_attempts → `manual`.
#include <chrono>
#include <pqxx/transaction_base>
#include <string>

#include "mstation/sg186/client.hpp"
#include "mstation/store/saf_store.hpp"

namespace mstation::saf {

enum class Verdict { done, retry, manual };

struct Judgement {
  Verdict verdict = Verdict::retry;
  std::string result;  // RSP_CODE, or not_delivered / in_doubt
};

Judgement judge(const store::SafEntry& entry, const sg186::ExchangeResult& result);

// 2^attempts seconds, at most `max_backoff`.
std::chrono::seconds backoff(int attempts, std::chrono::seconds max_backoff);

struct Limits {
  int max_attempts = 50;
  std::chrono::seconds max_backoff{300};
  std::chrono::seconds alert_after{3600};
};

// Records the attempt: the entry finished or rescheduled, the business
// transactions settled, alerts raised (manual, or overdue per `limits`).
// Returns the verdict.
// Nothing is recorded (and retry returned) if the entry's lease has passed
// from `instance` to another.
Verdict apply(pqxx::transaction_base& tx, const store::SafEntry& entry, const std::string& instance,
              const sg186::ExchangeResult& result, const Limits& limits);

}  // namespace mstation::saf
