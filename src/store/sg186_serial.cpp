#include "mstation/store/sg186_serial.hpp"

#include <fmt/format.h>

#include <pqxx/pqxx>

#include "mstation/store/prepared.hpp"

namespace mstation::store {

Sg186Serial next_sg186_serial(pqxx::transaction_base& tx, std::uint32_t work_date) {
  const auto number = exec_prepared1(tx, "SELECT nextval('mstation.sg186_serial_seq')")[0].as<std::int64_t>();
  return {fmt::format("{:08}{:012}", work_date, number), number};
}

std::vector<Sg186Serial> next_sg186_serials(pqxx::transaction_base& tx, std::uint32_t work_date, int count) {
  std::vector<Sg186Serial> out;
  for (const auto& row :
       exec_prepared(tx, "SELECT nextval('mstation.sg186_serial_seq') FROM generate_series(1, $1)", count)) {
    const auto number = row[0].as<std::int64_t>();
    out.push_back({fmt::format("{:08}{:012}", work_date, number), number});
  }
  return out;
}

std::int64_t serial_number(const std::string& serial) {
  if (serial.size() != 20) return 0;
  std::int64_t n = 0;
  for (const char c : serial.substr(8)) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + (c - '0');
  }
  return n;
}

}  // namespace mstation::store
