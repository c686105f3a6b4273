#include "mstation/txn/sg186_numbering.hpp"

#include "mstation/sg186/client.hpp"
#include "mstation/store/sg186_serial.hpp"

namespace mstation::txn {

sg186::NumberedRequest number_request(pqxx::transaction_base& tx, const std::string& agency,
                                      const sg186::Request& request, TimePoint now, std::uint32_t work_date) {
  // The serial's date is today's, whatever WORK_DATE says: serials stay unique by their sequence number.
  return encode_request(agency, request, store::next_sg186_serial(tx, business_date_number(now)).serial, now,
                        work_date);
}

sg186::NumberedRequest encode_request(const std::string& agency, const sg186::Request& request,
                                      const std::string& serial, TimePoint now, std::uint32_t work_date) {
  sg186::NumberedRequest n;
  n.txn_code = request.txn_code;
  n.work_date = work_date != 0 ? work_date : business_date_number(now);
  n.serial = serial;
  n.bytes = sg186::encode_message(
      sg186::request_header(request, agency, n.serial, n.work_date, compact_china_number(now)), request.body);
  return n;
}

}  // namespace mstation::txn
