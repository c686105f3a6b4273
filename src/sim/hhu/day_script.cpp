// The day's running order, its bookkeeping, and the steps that open and
// close it. Readings, collection and dunning are in day_*.cpp.
#include "day_script.hpp"

#include <iostream>

#include "mstation/common/china_time.hpp"
#include "requests.hpp"

namespace mstation::hhu_sim {

Step for_customer(Step step, const std::string& customer_no) {
  step.name += " " + customer_no;
  return step;
}

DayScript::DayScript(Session& session, const Options& options, std::string password)
    : session_(session), options_(options), password_(std::move(password)) {}

int DayScript::run() {
  std::cout << "day: terminal " << options_.tid << ", operator " << options_.operator_id << ", segment "
            << options_.segment << "\n";
  if (!sign_on()) return 1;
  if (download_reading_tasks()) {
    upload_readings();
    estimate_bill();
    find_customers();
    collect_arrears();
    reverse_mistaken_payment();
    take_prepayment();
    sell_on_card();
  }
  serve_dunning_notice();
  reprint_receipt();
  collection_stats();
  settle_day();
  sign_off();
  if (failures_.empty()) {
    std::cout << "day: every step as expected\n";
    return 0;
  }
  std::cout << "day: " << failures_.size() << " step(s) failed:";
  for (const auto& f : failures_) std::cout << " " << f << ";";
  std::cout << "\n";
  return 1;
}

Checked DayScript::expect(const Step& step, std::initializer_list<Field> fields) {
  Checked checked{session_.exchange(step)};
  const auto why = shortfall(checked.outcome, fields);
  checked.as_expected = why.empty();
  if (!checked.as_expected) fail(step.name, why);
  return checked;
}

void DayScript::fail(const std::string& step, const std::string& why) {
  std::cout << "day: FAILED " << step << ": " << why << "\n";
  failures_.push_back(step);
}

void DayScript::skip(const std::string& what, const std::string& why) {
  std::cout << "day: skipped " << what << ": " << why << "\n";
}

bool DayScript::sign_on() {
  const auto signed_on = expect(hhu_sim::sign_on(options_.operator_id, password_),
                                {{"key_version", Kind::integer}, {"business_date", Kind::text}});
  if (!signed_on.as_expected) std::cout << "day: nothing can be done without signing on\n";
  return signed_on.as_expected;
}

void DayScript::reprint_receipt() {
  if (!payment_txn_id_) return skip("reprint", "no payment was made");
  const auto reprint = expect(receipt_reprint(*payment_txn_id_), {{"receipt", Kind::printout}});
  if (!reprint.as_expected) return;
  const auto lines = reprint.body()["receipt"]["lines"].dump();
  if (lines.find("补打") == std::string::npos) fail("reprint", "the receipt is not marked 补打");
}

void DayScript::collection_stats() {
  expect(hhu_sim::collection_stats(std::nullopt), {{"date", Kind::text},
                                                   {"count", Kind::integer},
                                                   {"amount_fen", Kind::integer},
                                                   {"reversed_count", Kind::integer},
                                                   {"reversed_fen", Kind::integer},
                                                   {"net_fen", Kind::integer}});
}

void DayScript::settle_day() {
  const auto body = session_.state().money.settlement_request(business_date(Clock::now()));
  const auto settled =
      expect(day_settlement(body),
             {{"matched", Kind::boolean}, {"server_count", Kind::integer}, {"server_amount_fen", Kind::integer}});
  if (settled.as_expected && !settled.body()["matched"].get<bool>()) {
    fail("settle",
         "the master station's records differ: " + settled.body().value("differences", nlohmann::json()).dump());
  }
}

void DayScript::sign_off() { expect(hhu_sim::sign_off(), {}); }

}  // namespace mstation::hhu_sim
