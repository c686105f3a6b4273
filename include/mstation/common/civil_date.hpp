#pragma once
// Calendar arithmetic on YYYYMMDD dates, as the SG186 interface writes them
// (business dates, due dates, notice dates).
#include <cstdint>

namespace mstation {

using YyyyMmDd = std::uint32_t;

bool is_valid_date(YyyyMmDd date);
YyyyMmDd add_days(YyyyMmDd date, int days);
int days_between(YyyyMmDd from, YyyyMmDd to);  // to - from
// The last day of the month after `yyyymm` (a bill's due date).
YyyyMmDd end_of_next_month(std::uint32_t yyyymm);
// The month `months` before the month of `date`, as YYYYMM.
std::uint32_t month_before(YyyyMmDd date, int months);

}  // namespace mstation
