#include "mstation/sim/ledger_report.hpp"

#include <fmt/format.h>

namespace mstation::sim {
namespace {

using nlohmann::json;

json money_json(const MoneyEntry& e) {
  json j{{"serial", e.serial},       {"agency", e.agency},         {"charge_id", e.charge_id},
         {"cons_no", e.cons_no},     {"txn_code", fmt::format("{:03}", e.txn_code)},
         {"amount_fen", e.amount_fen}, {"work_date", e.work_date},  {"txn_time", fmt::format("{:06}", e.txn_time)},
         {"reversed", e.reversed}};
  if (!e.orig_serial.empty()) j["orig_serial"] = e.orig_serial;
  if (e.card_written) j["card_written"] = *e.card_written;
  return j;
}

}  // namespace

json customer_report(const Book& book, const std::string& cons_no, YyyyMmDd today) {
  const auto* c = book.data().find(cons_no);
  if (c == nullptr) return nullptr;
  json bills = json::array();
  for (const auto& b : c->bills) {
    bills.push_back({{"bill_id", b.id},
                     {"month", b.month},
                     {"kwh", b.kwh},
                     {"amount_fen", b.amount_fen},
                     {"principal_left_fen", b.principal_left()},
                     {"penalty_paid_fen", b.penalty_paid_fen},
                     {"penalty_left_fen", b.penalty_left(c->sort, today)},
                     {"due_date", b.due_date}});
  }
  json money = json::array();
  for (const auto& e : book.money()) {
    if (e.cons_no == cons_no) money.push_back(money_json(e));
  }
  return {{"cons_no", c->cons_no},       {"name", c->name},
          {"address", c->address},       {"sect_no", c->sect_no},
          {"cons_sort", sort_code(c->sort)}, {"card_meter", c->card_meter},
          {"partial_allowed", c->partial_allowed}, {"meter_no", c->meter_no},
          {"t_factor", c->t_factor},     {"last_read", c->last_read},
          {"last_date", c->last_date},   {"owe_fen", c->owe_fen()},
          {"penalty_fen", c->penalty_fen(today)}, {"prepaid_fen", c->prepaid_fen},
          {"buy_count", c->buy_count},   {"notice_date", c->notice_date},
          {"powered_off", c->powered_off}, {"bills", bills},
          {"money", money}};
}

json day_report(const Book& book, YyyyMmDd date) {
  json entries = json::array();
  for (const auto& e : book.money()) {
    if (e.work_date == date) entries.push_back(money_json(e));
  }
  return {{"work_date", date}, {"money", entries}};
}

json serial_report(const Book& book, const std::string& serial) {
  const auto* seen = book.executed_by_any_agency(serial);
  if (seen == nullptr) return nullptr;
  json j{{"serial", serial}, {"rsp_code", seen->answer.rsp_code}, {"rsp_msg", seen->answer.rsp_msg},
         {"work_date", seen->work_date}, {"effect", nullptr}};
  for (const auto& e : book.money()) {
    if (e.serial == serial) j["effect"] = money_json(e);
  }
  return j;
}

json summary_report(const Book& book) {
  std::int64_t owed = 0;
  for (const auto& c : book.data().customers) owed += c.owe_fen();
  return {{"customers", book.data().customers.size()},
          {"sections", book.data().by_section.size()},
          {"seed", book.data().params.seed},
          {"as_of", book.data().params.as_of},
          {"money_entries", book.money().size()},
          {"owed_fen", owed}};
}

std::string as_text(const json& report) {
  if (report.is_null()) return "not found\n";
  return report.dump(2) + "\n";
}

}  // namespace mstation::sim
