#pragma once
// The next SG186 SERIAL: YYYYMMDD (our business date) + 12 digits from
// mstation.sg186_serial_seq, unique across restarts and instances.
#include <cstdint>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

namespace mstation::store {

struct Sg186Serial {
  std::string serial;      // C(20)
  std::int64_t number = 0;  // the sequence value, also used to group journal rows
};

Sg186Serial next_sg186_serial(pqxx::transaction_base& tx, std::uint32_t work_date);
// `count` of them in one round trip (they are taken for good only once `tx` commits durably).
std::vector<Sg186Serial> next_sg186_serials(pqxx::transaction_base& tx, std::uint32_t work_date, int count);

// The sequence number inside a serial (0 if it is not one of ours): groups
// the journal rows of the station's own exchanges.
std::int64_t serial_number(const std::string& serial);

}  // namespace mstation::store
