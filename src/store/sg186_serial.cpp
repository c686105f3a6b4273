#include "mstation/store/sg186_serial.hpp"

#include <fmt/format.h>

namespace mstation::store {

Sg186Serial next_sg186_serial(pqxx::transaction_base& tx, std::uint32_t work_date) {
  const auto number = tx.exec1("SELECT nextval('mstation.sg186_serial_seq')")[0].as<std::int64_t>();
  return {fmt::format("{:08}{:012}", work_date, number), number};
}

}  // namespace mstation::store
