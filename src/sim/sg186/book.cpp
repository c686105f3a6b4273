#include "mstation/sim/book.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "mstation/sg186/codes.hpp"
#include "mstation/sg186/statement.hpp"

namespace mstation::sim {

using namespace mstation::sg186;

Answer decline(std::string_view code, std::string message) {
  Answer a;
  a.rsp_code = std::string(code);
  a.rsp_msg = message.empty() ? std::string(rsp_text(code)) : std::move(message);
  return a;
}

bool Book::records_serial(unsigned txn_code) {
  switch (txn_code) {
    case txn_payment:
    case txn_reversal:
    case txn_prepayment:
    case txn_reading_upload:
    case txn_anomaly:
    case txn_notice_served:
    case txn_card_purchase:
    case txn_card_confirm: return true;
    default: return false;
  }
}

namespace {

// SERIALs are unique per agency (spec §2): the books key them by both.
std::string serial_key(const std::string& agency, const std::string& serial) { return agency + "|" + serial; }

// A SERIAL the statement file (spec §5, '|'-separated lines) can carry.
bool usable_serial(const std::string& serial) {
  return !serial.empty() && std::all_of(serial.begin(), serial.end(), [](char c) {
    return c > ' ' && c < 0x7F && c != '|';
  });
}

}  // namespace

const Executed* Book::executed(const std::string& agency, const std::string& serial) const {
  const auto it = executed_.find(serial_key(agency, serial));
  return it == executed_.end() ? nullptr : &it->second;
}

const Executed* Book::executed_by_any_agency(const std::string& serial) const {
  for (const auto& [key, value] : executed_) {
    if (key.size() > serial.size() && key.compare(key.size() - serial.size(), serial.size(), serial) == 0 &&
        key[key.size() - serial.size() - 1] == '|') {
      return &value;
    }
  }
  return nullptr;
}

Answer Book::execute(const Message& request, YyyyMmDd work_date, std::uint64_t txn_time) {
  today_ = work_date;
  now_ = txn_time;
  if (!records_serial(request.header.txn_code)) return dispatch(request);
  if (!usable_serial(request.header.serial)) return decline(rsp::bad_packet, "流水号无效");
  const std::string fingerprint = fmt::format("{:03}|{}|{}", request.header.txn_code, request.header.record_num,
                                              request.body);
  if (const auto* seen = executed(request.header.agency, request.header.serial)) {
    if (seen->fingerprint == fingerprint) return seen->answer;  // the original result, never executed twice
    return decline(rsp::serial_reused);
  }
  Answer answer = dispatch(request);
  executed_[serial_key(request.header.agency, request.header.serial)] = Executed{fingerprint, answer, work_date};
  return answer;
}

Answer Book::dispatch(const Message& m) {
  switch (m.header.txn_code) {
    case txn_arrears_query: return arrears_query(m);
    case txn_payment: return payment(m);
    case txn_reversal: return reversal(m);
    case txn_prepayment: return prepayment(m);
    case txn_outage_check: return outage_check(m);
    case txn_reading_tasks: return reading_tasks(m);
    case txn_reading_upload: return reading_upload(m);
    case txn_anomaly: return anomaly(m);
    case txn_dunning_tasks: return dunning_tasks(m);
    case txn_notice_served: return notice_served(m);
    case txn_card_purchase: return card_purchase(m);
    case txn_card_confirm: return card_confirm(m);
    case txn_statement_summary: return statement_summary(m);
    case txn_statement_chunk: return statement_chunk(m);
    case txn_sign_in: return success(SignInResponse{today_});
    case txn_heartbeat: return Answer{std::string(rsp::success), "交易成功", 0, {}};
    default: return decline(rsp::bad_packet, fmt::format("未知交易码 {:03}", m.header.txn_code));
  }
}

std::string Book::next_charge_id() { return fmt::format("C{:019}", ++charges_); }

MoneyEntry& Book::add_money(const Message& m, const std::string& cons_no, std::int64_t amount_fen) {
  MoneyEntry e;
  e.serial = m.header.serial;
  e.agency = m.header.agency;
  e.charge_id = next_charge_id();
  e.cons_no = cons_no;
  e.txn_code = m.header.txn_code;
  e.amount_fen = amount_fen;
  e.work_date = m.header.work_date;  // the station's business date: the statement's day
  e.txn_time = static_cast<std::uint32_t>(now_ % 1000000);
  money_by_serial_[serial_key(e.agency, e.serial)] = money_.size();
  money_.push_back(std::move(e));
  ++money_version_;
  return money_.back();
}

MoneyEntry* Book::find_money(const std::string& agency, const std::string& serial) {
  const auto it = money_by_serial_.find(serial_key(agency, serial));
  return it == money_by_serial_.end() ? nullptr : &money_[it->second];
}

}  // namespace mstation::sim
