#pragma once
// hhu-sim day: one electrician's working day in a segment, scripted from
// what the server answers (hhu-protocol.md §5): sign on; download the reading
// tasks, upload readings, estimate a bill; query arrears, collect, reverse a
// mistaken payment, take a prepayment, sell on a card; serve a dunning notice
// and check for disconnection; reprint, count, settle; sign off.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "customer_picks.hpp"
#include "expectations.hpp"
#include "meter_reading.hpp"
#include "session.hpp"

namespace mstation::hhu_sim {

// An answer, and whether it was what the day expected.
struct Checked {
  Outcome outcome;
  bool as_expected = false;
  const nlohmann::json& body() const { return outcome.body(); }
};

class DayScript {
 public:
  DayScript(Session& session, const Options& options, std::string password);

  // 0 if every step got what was expected, else 1 (the failed steps named).
  int run();

 private:
  // Each returns false when the rest of the day cannot go on without it.
  bool sign_on();
  bool download_reading_tasks();
  void upload_readings();
  void estimate_bill();
  void find_customers();
  void collect_arrears();
  void reverse_mistaken_payment();
  void take_prepayment();
  void sell_on_card();
  void serve_dunning_notice();
  void reprint_receipt();
  void collection_stats();
  void settle_day();
  void sign_off();

  // Sends `step`, and notes a failure naming it unless the answer is 00 with `fields`.
  Checked expect(const Step& step, std::initializer_list<Field> fields);
  void fail(const std::string& step, const std::string& why);
  void skip(const std::string& what, const std::string& why);

  Session& session_;
  const Options& options_;
  std::string password_;
  std::vector<Task> tasks_;
  std::vector<NewReading> uploaded_;  // readings sent for tasks_[0..]
  CustomerPicks picks_;
  std::optional<std::int64_t> payment_txn_id_;  // the receipt to reprint
  std::vector<std::string> failures_;
};

// A step named after the customer it is for: "pay 5100000007".
Step for_customer(Step step, const std::string& customer_no);

}  // namespace mstation::hhu_sim
