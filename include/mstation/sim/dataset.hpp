#pragma once
// The simulated marketing system's customers, generated reproducibly from
// (customers, seed, as-of date): 抄表段 segments of ~200, Chinese names and
// addresses, three customer sorts, prepaid card-meter customers, meters with
// multipliers and register digits, six months of tiered bills, arrears,
// dunning notices and disconnections.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "mstation/common/civil_date.hpp"
#include "mstation/sim/tariff.hpp"

namespace mstation::sim {

struct SimBill {
  std::string id;           // RCVBL_ID
  std::uint32_t month = 0;  // YYYYMM
  std::int64_t kwh = 0;
  std::int64_t amount_fen = 0;
  YyyyMmDd due_date = 0;
  std::int64_t principal_paid_fen = 0;
  std::int64_t penalty_paid_fen = 0;
  // Late fee accrued up to `accrued_until` (0: from the due date), on the
  // principal left over each period, so a partial payment slows the fee from
  // that day on without forgiving what had accrued.
  std::int64_t penalty_accrued_fen = 0;
  YyyyMmDd accrued_until = 0;

  std::int64_t principal_left() const { return amount_fen - principal_paid_fen; }
  int overdue_days(YyyyMmDd today) const;
  std::int64_t penalty_accrued(CustomerSort sort, YyyyMmDd today) const;
  // Late fee still owed on `today`: what accrued (at least 1 元 once
  // overdue), less what was paid.
  std::int64_t penalty_left(CustomerSort sort, YyyyMmDd today) const;
  // Folds the fee accrued so far in, before the principal changes.
  void settle_accrual(CustomerSort sort, YyyyMmDd today);
};

struct Customer {
  std::string cons_no;
  std::string name;
  std::string address;
  std::string sect_no;
  CustomerSort sort = CustomerSort::residential;
  bool card_meter = false;
  bool partial_allowed = true;
  std::string meter_no;
  std::uint32_t t_factor = 1;
  std::uint32_t digits = 6;
  std::uint64_t last_read = 0;  // 0.01 kWh
  YyyyMmDd last_date = 0;
  std::vector<SimBill> bills;   // oldest first
  std::int64_t prepaid_fen = 0;
  std::uint32_t buy_count = 0;  // card-meter purchases so far
  YyyyMmDd notice_date = 0;     // dunning notice served, 0 if none
  bool powered_off = false;

  std::int64_t owe_fen() const;                        // principal left on all bills
  std::int64_t penalty_fen(YyyyMmDd today) const;      // late fees left on all bills
  int overdue_days(YyyyMmDd today) const;              // of the oldest unpaid bill
};

struct DatasetParams {
  std::size_t customers = 5000;
  std::uint64_t seed = 1;
  YyyyMmDd as_of = 0;  // the day the dataset was made; bills are for the six months before
};

struct Dataset {
  DatasetParams params;
  std::vector<Customer> customers;
  std::map<std::string, std::size_t> by_cons_no;
  std::map<std::string, std::vector<std::size_t>> by_section;  // in customer order

  Customer* find(const std::string& cons_no);
  const Customer* find(const std::string& cons_no) const;
};

Dataset generate_dataset(const DatasetParams& params);

}  // namespace mstation::sim
