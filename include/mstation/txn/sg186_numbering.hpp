#pragma once
// Numbering an SG186 request: the next serial from mstation.sg186_serial_seq,
// the header (agency, WORK_DATE, TXN_TIME) and the encoded bytes — inside the
// caller's database transaction, so a money transaction's serial is durable
// with its write-ahead record before anything is sent.
#include <cstdint>
#include <pqxx/transaction_base>
#include <string>

#include "mstation/common/china_time.hpp"
#include "mstation/sg186/request.hpp"

namespace mstation::txn {

// WORK_DATE is our business date at `now`, unless `work_date` names another
// (a same-day reversal carries its original's date).
sg186::NumberedRequest number_request(pqxx::transaction_base& tx, const std::string& agency,
                                      const sg186::Request& request, TimePoint now, std::uint32_t work_date = 0);
// The same under a serial taken earlier (reserved in a durable commit).
sg186::NumberedRequest encode_request(const std::string& agency, const sg186::Request& request,
                                      const std::string& serial, TimePoint now, std::uint32_t work_date = 0);

}  // namespace mstation::txn
