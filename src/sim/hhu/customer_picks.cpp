#include "customer_picks.hpp"

namespace mstation::hhu_sim {

using nlohmann::json;

std::optional<Task> task_of(const json& t) {
  const bool usable = t.is_object() && t.contains("customer_no") && t["customer_no"].is_string() &&
                      t.contains("meter_no") && t["meter_no"].is_string() && t.contains("last_reading") &&
                      t["last_reading"].is_number_integer() && t.contains("register_digits") &&
                      t["register_digits"].is_number_integer();
  if (!usable) return std::nullopt;
  return Task{t["customer_no"].get<std::string>(), t["meter_no"].get<std::string>(),
              t["last_reading"].get<std::int64_t>(), t["register_digits"].get<std::int64_t>()};
}

std::optional<Candidate> candidate_of(const Task& task, const json& a) {
  const bool usable = a.contains("total_fen") && a["total_fen"].is_number_integer() && a.contains("partial_allowed") &&
                      a["partial_allowed"].is_boolean() && a.contains("card_meter") && a["card_meter"].is_boolean();
  if (!usable) return std::nullopt;
  return Candidate{task, a["total_fen"].get<std::int64_t>(), a["partial_allowed"].get<bool>(),
                   a["card_meter"].get<bool>()};
}

void CustomerPicks::consider(const Candidate& c) {
  if (c.card_meter) {
    if (!card) card = c;
    return;
  }
  if (c.total_fen <= 0) {
    if (!paid_up) paid_up = c;
    return;
  }
  if (!debtor && c.total_fen <= largest_single_payment_fen) {
    debtor = c;
  } else if (!mistaken && c.partial_allowed) {
    mistaken = c;
  }
}

}  // namespace mstation::hhu_sim
