#include "mstation/sg186/request.hpp"

namespace mstation::sg186 {
namespace {

template <typename Body>
Request single(unsigned txn_code, const Body& body) {
  Request r;
  r.txn_code = txn_code;
  r.body = encode_body(body);
  return r;
}

}  // namespace

Request arrears_query(const CustomerRequest& r) { return single(txn_arrears_query, r); }
Request outage_check(const CustomerRequest& r) { return single(txn_outage_check, r); }
Request reversal(const ReversalRequest& r) { return single(txn_reversal, r); }
Request prepayment(const PrepaymentRequest& r) { return single(txn_prepayment, r); }
Request reading_tasks(const SectionPageRequest& r) { return single(txn_reading_tasks, r); }
Request anomaly(const AnomalyRequest& r) { return single(txn_anomaly, r); }
Request dunning_tasks(const SectionPageRequest& r) { return single(txn_dunning_tasks, r); }
Request notice_served(const NoticeServedRequest& r) { return single(txn_notice_served, r); }
Request card_purchase(const CardPurchaseRequest& r) { return single(txn_card_purchase, r); }
Request card_confirm(const CardConfirmRequest& r) { return single(txn_card_confirm, r); }
Request statement_summary(const StatementSummaryRequest& r) { return single(txn_statement_summary, r); }
Request statement_chunk(const StatementChunkRequest& r) { return single(txn_statement_chunk, r); }

Request payment(const PaymentRequest& r) {
  auto request = single(txn_payment, r);
  request.record_num = static_cast<unsigned>(r.bill_ids.size());
  return request;
}

Request reading_upload(const ReadingUploadRequest& r) {
  auto request = single(txn_reading_upload, r);
  request.record_num = static_cast<unsigned>(r.readings.size());
  return request;
}

Request sign_in() { return Request{txn_sign_in, 0, {}}; }
Request heartbeat() { return Request{txn_heartbeat, 0, {}}; }

}  // namespace mstation::sg186
