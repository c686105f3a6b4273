// The day's collection round: who owes what, a payment, a mistake put right
// the same day, a prepayment and a card-meter purchase.
#include <algorithm>
#include <iostream>

#include "day_script.hpp"
#include "requests.hpp"

namespace mstation::hhu_sim {
namespace {

constexpr std::int64_t mistaken_amount_fen = 100;
constexpr std::int64_t prepaid_amount_fen = 5'000;
constexpr std::int64_t card_amount_fen = 10'000;
// The card the handheld's reader sees: any fixed serial does.
const std::string card_serial = "5A3C9E01D2B4F687";

// SG186's "purchase count does not match the card". The spec does not say
// whether upstream_code is a string or a number: either is taken.
bool purchase_count_mismatch(const Outcome& outcome) {
  const auto& body = outcome.body();
  if (outcome.code() != "51" || !body.contains("upstream_code")) return false;
  const auto& upstream = body["upstream_code"];
  // Compared as values of their own type: g++ 12 -O2 warns falsely on json == const char*.
  if (upstream.is_string()) return upstream.get<std::string>() == "1051";
  return upstream.is_number_integer() && upstream.get<std::int64_t>() == 1051;
}

}  // namespace

void DayScript::find_customers() {
  for (const auto& task : tasks_) {
    if (picks_.complete()) break;
    const auto step = for_customer(arrears_query(task.customer_no), task.customer_no);
    const auto queried = expect(step, {{"total_fen", Kind::integer}, {"partial_allowed", Kind::boolean},
                                       {"card_meter", Kind::boolean}, {"bills", Kind::list}});
    if (queried.as_expected) picks_.consider(*candidate_of(task, queried.body()));
  }
}

void DayScript::collect_arrears() {
  if (!picks_.debtor) return skip("pay", "no customer in the first page owes a payable amount");
  const auto& c = *picks_.debtor;
  const auto paid = expect(for_customer(payment(c.task.customer_no, c.total_fen), c.task.customer_no),
                           {{"txn_id", Kind::integer}, {"receipt", Kind::printout}});
  if (paid.as_expected) payment_txn_id_ = paid.body()["txn_id"].get<std::int64_t>();
}

void DayScript::reverse_mistaken_payment() {
  if (!picks_.mistaken) return skip("mistaken pay and reverse", "no second customer owing who may pay in part");
  const auto& c = *picks_.mistaken;
  const auto amount = std::min(mistaken_amount_fen, c.total_fen);
  auto step = for_customer(payment(c.task.customer_no, amount), c.task.customer_no);
  step.name += " (by mistake)";
  const auto paid = expect(step, {{"txn_id", Kind::integer}, {"receipt", Kind::printout}});
  if (!paid.as_expected) return;
  expect(for_customer(reversal(paid.outcome.seq, c.task.customer_no, amount), c.task.customer_no),
         {{"txn_id", Kind::integer}, {"receipt", Kind::printout}});
}

void DayScript::take_prepayment() {
  if (!picks_.paid_up) return skip("prepay", "no customer in the first page owes nothing");
  const auto& c = *picks_.paid_up;
  expect(for_customer(prepayment(c.task.customer_no, prepaid_amount_fen), c.task.customer_no),
         {{"txn_id", Kind::integer}, {"receipt", Kind::printout}});
}

void DayScript::sell_on_card() {
  if (!picks_.card) return skip("card", "no card-meter customer in the first page");
  const auto& c = *picks_.card;
  // The count is on the card, which no answer carries: what our last write left there, else 0.
  const auto known = session_.state().card_counts.find(c.task.customer_no);
  const auto count = known == session_.state().card_counts.end() ? 0 : known->second;
  const auto step = for_customer(
      card_purchase(c.task.customer_no, c.task.meter_no, card_amount_fen, card_serial, count), c.task.customer_no);
  const auto outcome = session_.exchange(step);
  if (purchase_count_mismatch(outcome)) {
    return skip("card", "purchase count " + std::to_string(count) +
                            " is not SG186's (1051); the real count is on a card this simulator does not have");
  }
  const auto why = shortfall(outcome, {{"txn_id", Kind::integer},
                                       {"write_data", Kind::text},
                                       {"new_purchase_count", Kind::integer},
                                       {"receipt", Kind::printout}});
  if (!why.empty()) return fail(step.name, why);
  expect(card_write_confirm(outcome.body()["txn_id"].get<std::int64_t>(), true), {{"status", Kind::text}});
}

}  // namespace mstation::hhu_sim
