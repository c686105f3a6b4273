#pragma once
// Choosing, from the downloaded reading tasks and what ARREARS_QUERY says of
// each customer, who takes part in the scripted day's collection round.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace mstation::hhu_sim {

// The part of a READING_TASKS task the day uses.
struct Task {
  std::string customer_no;
  std::string meter_no;
  std::int64_t last_reading = 0;
  std::int64_t register_digits = 0;
};

// nullopt if a field the day needs is missing or ill-typed.
std::optional<Task> task_of(const nlohmann::json& task);

struct Candidate {
  Task task;
  std::int64_t total_fen = 0;
  bool partial_allowed = false;
  bool card_meter = false;
};

// nullopt if the ARREARS_QUERY answer lacks total_fen, partial_allowed or card_meter.
std::optional<Candidate> candidate_of(const Task& task, const nlohmann::json& arrears);

// Above this a total is not paid in one PAYMENT: the master station's
// default max_payment_fen (design.md §5) would answer 61.
inline constexpr std::int64_t largest_single_payment_fen = 5'000'000;

struct CustomerPicks {
  std::optional<Candidate> debtor;    // pays its total
  std::optional<Candidate> mistaken;  // another debtor who may pay in part: gets the mistaken payment
  std::optional<Candidate> paid_up;   // owes nothing: prepays
  std::optional<Candidate> card;      // card-meter customer: buys on the card

  // The first customer to fit a role takes it; a customer takes one role.
  void consider(const Candidate& c);
  bool complete() const { return debtor && mistaken && paid_up && card; }
};

}  // namespace mstation::hhu_sim
