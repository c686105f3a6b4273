// The day's meter reading round: tasks down, readings up, one bill estimated.
#include <iostream>

#include "day_script.hpp"
#include "requests.hpp"

namespace mstation::hhu_sim {
namespace {

constexpr std::size_t customers_read = 3;
constexpr std::int64_t month_of_use = 15'000;  // 150 kWh on the register, in 0.01 kWh
const std::string meter_anomaly = "01";        // the first customer's meter gets one noted

}  // namespace

bool DayScript::download_reading_tasks() {
  const auto downloaded = expect(reading_tasks(options_.segment, Page{1, std::nullopt}),
                                 {{"tasks", Kind::list}, {"pages", Kind::integer}, {"total", Kind::integer}});
  if (!downloaded.as_expected) return false;
  for (const auto& t : downloaded.body()["tasks"]) {
    if (const auto task = task_of(t)) tasks_.push_back(*task);
  }
  if (tasks_.size() != downloaded.body()["tasks"].size()) {
    fail("reading-tasks", "a task lacks customer_no, meter_no, last_reading or register_digits");
  }
  if (tasks_.empty()) skip("readings and collection", "segment " + options_.segment + " has no reading tasks");
  return !tasks_.empty();
}

void DayScript::upload_readings() {
  std::vector<Reading> readings;
  for (std::size_t i = 0; i < std::min(customers_read, tasks_.size()); ++i) {
    const auto& t = tasks_[i];
    const auto next = advanced_reading(t.last_reading, month_of_use, t.register_digits);
    uploaded_.push_back(next);
    Reading r{t.customer_no, t.meter_no, next.reading, next.status, std::nullopt};
    if (i == 0) r.anomaly_code = meter_anomaly;
    readings.push_back(std::move(r));
  }
  const auto uploaded =
      expect(reading_upload(options_.segment, readings), {{"accepted", Kind::integer}, {"rejected", Kind::list}});
  if (!uploaded.as_expected) return;
  const auto accepted = uploaded.body()["accepted"].get<std::int64_t>();
  if (accepted != static_cast<std::int64_t>(readings.size()) || !uploaded.body()["rejected"].empty()) {
    fail("upload", std::to_string(accepted) + " of " + std::to_string(readings.size()) +
                       " accepted, rejected: " + uploaded.body()["rejected"].dump());
  }
}

void DayScript::estimate_bill() {
  // The last customer read: the first one's meter has an anomaly noted.
  const std::size_t i = uploaded_.size() - 1;
  expect(
      for_customer(bill_estimate(tasks_[i].customer_no, uploaded_[i].reading, uploaded_[i].status),
                   tasks_[i].customer_no),
      {{"usage_kwh", Kind::number}, {"amount_fen", Kind::integer}, {"tiers", Kind::list}, {"tariff_code", Kind::text}});
}

}  // namespace mstation::hhu_sim
