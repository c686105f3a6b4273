#pragma once
// A request as the client sends it: code, body and RECORD_NUM, built from
// the typed body structs. The client adds the rest of the header (agency,
// serial, dates).
#include <cstdint>
#include <string>

#include "mstation/sg186/account_changes.hpp"
#include "mstation/sg186/card_purchase.hpp"
#include "mstation/sg186/dunning.hpp"
#include "mstation/sg186/payment.hpp"
#include "mstation/sg186/queries.hpp"
#include "mstation/sg186/reading.hpp"
#include "mstation/sg186/statement.hpp"

namespace mstation::sg186 {

struct Request {
  unsigned txn_code = 0;
  unsigned record_num = 0;
  std::string body;  // GBK
  std::string node = "MSTATION";   // the handheld's terminal id when it asked
  std::string operator_id = "0000";
};

// A request with its serial, encoded: the exact bytes to send, and to resend.
struct NumberedRequest {
  unsigned txn_code = 0;
  std::string serial;
  std::uint32_t work_date = 0;
  std::string bytes;
};

Request arrears_query(const CustomerRequest& r);
Request outage_check(const CustomerRequest& r);
Request payment(const PaymentRequest& r);
Request reversal(const ReversalRequest& r);
Request prepayment(const PrepaymentRequest& r);
Request reading_tasks(const SectionPageRequest& r);
Request reading_upload(const ReadingUploadRequest& r);
Request anomaly(const AnomalyRequest& r);
Request dunning_tasks(const SectionPageRequest& r);
Request notice_served(const NoticeServedRequest& r);
Request card_purchase(const CardPurchaseRequest& r);
Request card_confirm(const CardConfirmRequest& r);
Request statement_summary(const StatementSummaryRequest& r);
Request statement_chunk(const StatementChunkRequest& r);
Request sign_in();
Request heartbeat();

}  // namespace mstation::sg186
