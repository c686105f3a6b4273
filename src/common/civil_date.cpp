#include "mstation/common/civil_date.hpp"

#include <chrono>

namespace mstation {
namespace {

using namespace std::chrono;

year_month_day ymd(YyyyMmDd d) {
  return year_month_day{year{static_cast<int>(d / 10000)}, month{(d / 100) % 100}, day{d % 100}};
}

YyyyMmDd pack(year_month_day d) {
  return static_cast<YyyyMmDd>(static_cast<int>(d.year())) * 10000 + static_cast<unsigned>(d.month()) * 100 +
         static_cast<unsigned>(d.day());
}

}  // namespace

bool is_valid_date(YyyyMmDd date) { return date >= 19710101 && date <= 21991231 && ymd(date).ok(); }

YyyyMmDd add_days(YyyyMmDd date, int days_to_add) {
  return pack(year_month_day{sys_days{ymd(date)} + days{days_to_add}});
}

int days_between(YyyyMmDd from, YyyyMmDd to) {
  return static_cast<int>((sys_days{ymd(to)} - sys_days{ymd(from)}).count());
}

YyyyMmDd end_of_next_month(std::uint32_t yyyymm) {
  const year_month ym = year{static_cast<int>(yyyymm / 100)} / month{yyyymm % 100} + months{1};
  return pack(year_month_day{ym / last});
}

std::uint32_t month_before(YyyyMmDd date, int months_back) {
  const auto d = ymd(date);
  const year_month ym = d.year() / d.month() - months{months_back};
  return static_cast<std::uint32_t>(static_cast<int>(ym.year())) * 100 + static_cast<unsigned>(ym.month());
}

}  // namespace mstation
