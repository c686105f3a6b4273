#include "mstation/sg186/message_json.hpp"

#include <variant>

#include "mstation/sg186/request.hpp"
#include "mstation/sg186/statement.hpp"

namespace mstation::sg186 {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CustomerRequest, cons_no)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Bill, bill_id, month, amount_fen, penalty_fen, kwh)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ArrearsResponse, cons_no, cons_name, address, cons_sort, card_meter,
                                   partial_allowed, owe_total_fen, penalty_total_fen, prepaid_bal_fen, bills)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(OutageResponse, cons_no, owe_total_fen, overdue_days, powered_off, notice_date)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PaymentRequest, cons_no, pay_amt_fen, pay_mode, bill_ids)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PaymentResponse, cons_no, charge_id, paid_amt_fen, penalty_paid_fen,
                                   prepaid_bal_fen, invoice_no)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ReversalRequest, cons_no, orig_serial, orig_date, amount_fen, reason)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PrepaymentRequest, cons_no, amount_fen)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(BalanceResponse, cons_no, charge_id, prepaid_bal_fen)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SectionPageRequest, sect_no, page, page_size)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ReadingTask, cons_no, cons_name, address, meter_no, t_factor, last_read,
                                   last_date, digits, tariff)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ReadingTasksResponse, total, pages, tasks)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Reading, cons_no, meter_no, this_read, read_date, status, anomaly)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ReadingUploadRequest, sect_no, readings)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(RejectedReading, meter_no, err_code, err_msg)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ReadingUploadResponse, accepted, rejected)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(AnomalyRequest, cons_no, meter_no, anomaly, note)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(AnomalyResponse, anomaly_id)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(DunningTask, cons_no, cons_name, address, owe_total_fen, overdue_days)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(DunningTasksResponse, total, pages, tasks)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(NoticeServedRequest, cons_no, notice_no, served_date)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(NoticeServedResponse, notice_no)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CardPurchaseRequest, cons_no, meter_no, amount_fen, card_serial, buy_count)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CardPurchaseResponse, charge_id, new_buy_count, write_data)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CardConfirmRequest, orig_serial, written)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CardConfirmResponse, status)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(StatementSummaryRequest, check_date)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(StatementSummaryResponse, check_date, total_count, total_amount_fen, file_name,
                                   file_size)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(StatementChunkRequest, file_name, offset, length)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SignInResponse, work_date)

namespace {

template <typename T>
void put_body(nlohmann::json& out, const std::variant<T, std::string>& decoded) {
  if (const auto* value = std::get_if<T>(&decoded)) {
    out["body"] = *value;
  } else {
    out["body_problem"] = std::get<std::string>(decoded);
  }
}

// The chunk's data is the statement file itself: the journal keeps it in
// the raw bytes; the JSON says how much came.
void put_chunk(nlohmann::json& out, const std::variant<StatementChunkResponse, std::string>& decoded) {
  if (const auto* c = std::get_if<StatementChunkResponse>(&decoded)) {
    out["body"] = {{"offset", c->offset}, {"length", c->data.size()}, {"eof", c->eof}};
  } else {
    out["body_problem"] = std::get<std::string>(decoded);
  }
}

void put_request_body(nlohmann::json& out, const Message& m) {
  const auto& b = m.body;
  switch (m.header.txn_code) {
    case txn_arrears_query:
    case txn_outage_check: return put_body(out, decode_customer_request(b));
    case txn_payment: return put_body(out, decode_payment_request(b, m.header.record_num));
    case txn_reversal: return put_body(out, decode_reversal_request(b));
    case txn_prepayment: return put_body(out, decode_prepayment_request(b));
    case txn_reading_tasks:
    case txn_dunning_tasks: return put_body(out, decode_section_page_request(b));
    case txn_reading_upload: return put_body(out, decode_reading_upload_request(b, m.header.record_num));
    case txn_anomaly: return put_body(out, decode_anomaly_request(b));
    case txn_notice_served: return put_body(out, decode_notice_served_request(b));
    case txn_card_purchase: return put_body(out, decode_card_purchase_request(b));
    case txn_card_confirm: return put_body(out, decode_card_confirm_request(b));
    case txn_statement_summary: return put_body(out, decode_statement_summary_request(b));
    case txn_statement_chunk: return put_body(out, decode_statement_chunk_request(b));
    default: break;
  }
  if (!b.empty()) out["body_problem"] = "unexpected body";
}

void put_response_body(nlohmann::json& out, const Message& m) {
  const auto& b = m.body;
  const auto n = m.header.record_num;
  switch (m.header.txn_code) {
    case txn_arrears_query: return put_body(out, decode_arrears_response(b, n));
    case txn_outage_check: return put_body(out, decode_outage_response(b));
    case txn_payment: return put_body(out, decode_payment_response(b));
    case txn_reversal:
    case txn_prepayment: return put_body(out, decode_balance_response(b));
    case txn_reading_tasks: return put_body(out, decode_reading_tasks_response(b, n));
    case txn_reading_upload: return put_body(out, decode_reading_upload_response(b, n));
    case txn_anomaly: return put_body(out, decode_anomaly_response(b));
    case txn_dunning_tasks: return put_body(out, decode_dunning_tasks_response(b, n));
    case txn_notice_served: return put_body(out, decode_notice_served_response(b));
    case txn_card_purchase: return put_body(out, decode_card_purchase_response(b));
    case txn_card_confirm: return put_body(out, decode_card_confirm_response(b));
    case txn_statement_summary: return put_body(out, decode_statement_summary_response(b));
    case txn_statement_chunk: return put_chunk(out, decode_statement_chunk_response(b));
    case txn_sign_in: return put_body(out, decode_sign_in_response(b));
    default: break;
  }
  if (!b.empty()) out["body_problem"] = "unexpected body";
}

}  // namespace

nlohmann::json header_json(const Header& h) {
  return {{"txn_code", txn_name(h.txn_code)}, {"agency", h.agency},   {"node", h.node},
          {"operator", h.operator_id},        {"serial", h.serial},   {"work_date", h.work_date},
          {"txn_time", h.txn_time},           {"rsp_code", h.rsp_code}, {"rsp_msg", h.rsp_msg},
          {"record_num", h.record_num}};
}

nlohmann::json message_json(const Message& m, Direction direction) {
  nlohmann::json out{{"header", header_json(m.header)}};
  if (direction == Direction::request) {
    put_request_body(out, m);
  } else if (m.header.rsp_code == rsp::success) {
    put_response_body(out, m);
  } else if (!m.body.empty()) {
    out["body_problem"] = "a decline carries a body";
  }
  return out;
}

}  // namespace mstation::sg186
