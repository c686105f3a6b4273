#include "mstation/store/reading_task_store.hpp"

#include <pqxx/pqxx>

#include "mstation/store/prepared.hpp"

namespace mstation::store {

void remember_reading_task(pqxx::transaction_base& tx, const ReadingTaskRecord& t) {
  exec_prepared(
      tx,
      "INSERT INTO mstation.reading_task (customer_no, segment_no, meter_no, multiplier, last_reading, "
      "register_digits, tariff_code) VALUES ($1, $2, $3, $4, $5, $6, $7) "
      "ON CONFLICT (customer_no) DO UPDATE SET segment_no = $2, meter_no = $3, multiplier = $4, last_reading = $5, "
      "register_digits = $6, tariff_code = $7, downloaded_at = now()",
      t.customer_no, t.segment_no, t.meter_no, t.multiplier, t.last_reading, t.register_digits, t.tariff_code);
}

std::optional<ReadingTaskRecord> find_reading_task(pqxx::transaction_base& tx, const std::string& customer_no) {
  const auto r =
      exec_prepared(tx,
                    "SELECT customer_no, segment_no, meter_no, multiplier, last_reading, register_digits, tariff_code "
                    "FROM mstation.reading_task WHERE customer_no = $1",
                    customer_no);
  if (r.empty()) return std::nullopt;
  return ReadingTaskRecord{r[0][0].as<std::string>(), r[0][1].as<std::string>(), r[0][2].as<std::string>(),
                           r[0][3].as<std::int64_t>(), r[0][4].as<std::int64_t>(), r[0][5].as<int>(),
                           r[0][6].as<std::string>()};
}

}  // namespace mstation::store
