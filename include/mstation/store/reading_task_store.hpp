#pragma once
// mstation.reading_task: the reading tasks terminals downloaded (0101), one
// row per customer, what BILL_ESTIMATE (0104) prices a new reading against.
#include <cstdint>
#include <optional>
#include <pqxx/transaction_base>
#include <string>

namespace mstation::store {

struct ReadingTaskRecord {
  std::string customer_no;
  std::string segment_no;
  std::string meter_no;
  std::int64_t multiplier = 1;
  std::int64_t last_reading = 0;  // 0.01 kWh
  int register_digits = 6;
  std::string tariff_code;
};

void remember_reading_task(pqxx::transaction_base& tx, const ReadingTaskRecord& task);
std::optional<ReadingTaskRecord> find_reading_task(pqxx::transaction_base& tx, const std::string& customer_no);

}  // namespace mstation::store
