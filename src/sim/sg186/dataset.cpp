#include "mstation/sim/dataset.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "mstation/sim/rng.hpp"

namespace mstation::sim {
namespace {

constexpr std::size_t section_size = 200;
constexpr int billed_months = 6;

const std::vector<std::string> surnames{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
                                        "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋",
                                        "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁",
                                        "潘", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任"};
const std::vector<std::string> given{"秀英", "桂英", "秀兰", "玉兰", "德明", "建国", "国强", "志强", "永福",
                                     "明", "伟", "芳", "勇", "军", "强", "平", "刚", "杰", "华", "敏", "静",
                                     "丽", "成", "光荣", "文华", "家贵", "德富", "正清", "碧霞", "淑芬"};
const std::vector<std::string> districts{"成都市双流区", "成都市郫都区", "眉山市东坡区", "眉山市仁寿县",
                                         "雅安市名山区", "乐山市夹江县", "绵阳市三台县", "南充市阆中市",
                                         "宜宾市南溪区", "达州市渠县",   "德阳市中江县", "遂宁市射洪市"};
const std::vector<std::string> towns{"永丰镇", "太和镇", "新兴镇", "白马镇", "石桥镇", "龙泉镇", "金山镇",
                                     "清水镇", "柏树乡", "和平乡"};
const std::vector<std::string> villages{"新农村", "红旗村", "石桥村", "黄桷村", "观音村", "桂花村",
                                        "青龙村", "高峰村", "团结村", "枫林村"};
const std::vector<std::string> businesses{"食品厂", "农机站", "茶叶加工厂", "农家乐", "超市", "砖厂",
                                          "养殖场", "粮油店", "汽修店", "米粉店"};
const std::vector<std::string> companies{"水泥有限公司", "建材有限公司", "化工有限公司", "铸造有限公司",
                                         "矿业有限公司", "纸业有限公司"};
const std::vector<std::string> shop_words{"鑫源", "兴旺", "富民", "川兴", "天府", "蜀光", "金穗", "宏达"};

CustomerSort draw_sort(Rng& rng) {
  const auto roll = rng.below(100);
  if (roll < 3) return CustomerSort::high_voltage;
  if (roll < 15) return CustomerSort::low_voltage_business;
  return CustomerSort::residential;
}

std::string draw_name(Rng& rng, CustomerSort sort, const std::string& district) {
  if (sort == CustomerSort::residential) return rng.pick(surnames) + rng.pick(given);
  const std::string place = district.substr(district.find("市") + 3);  // "双流区" etc.
  if (sort == CustomerSort::high_voltage) return place + rng.pick(shop_words) + rng.pick(companies);
  return place + rng.pick(shop_words) + rng.pick(businesses);
}

// Current-transformer (× voltage-transformer) ratios.
const std::vector<std::uint32_t> business_ratios{20, 30, 50};
const std::vector<std::uint32_t> high_voltage_ratios{100, 200, 400};

std::uint32_t draw_t_factor(Rng& rng, CustomerSort sort) {
  if (sort == CustomerSort::residential) return 1;
  if (sort == CustomerSort::low_voltage_business) return rng.percent(70) ? 1 : rng.pick(business_ratios);
  return rng.pick(high_voltage_ratios);
}

// Register advance per month, in whole kWh of the register (before the multiplier).
std::int64_t draw_register_delta(Rng& rng, CustomerSort sort) {
  if (sort == CustomerSort::residential) return static_cast<std::int64_t>(rng.between(60, 420));
  if (sort == CustomerSort::low_voltage_business) return static_cast<std::int64_t>(rng.between(30, 1500));
  return static_cast<std::int64_t>(rng.between(40, 400));
}

void add_bills(Rng& rng, Customer& c, const DatasetParams& p, std::size_t index) {
  std::uint64_t register_kwh = rng.between(1000, 40000);
  for (int back = billed_months; back >= 1; --back) {
    SimBill b;
    b.month = month_before(p.as_of, back);
    b.id = fmt::format("R{}{:07}", b.month, index + 1);
    const auto delta = draw_register_delta(rng, c.sort);
    register_kwh += static_cast<std::uint64_t>(delta);
    b.kwh = delta * c.t_factor;
    b.amount_fen = bill_amount_fen(c.sort, b.kwh);
    b.due_date = end_of_next_month(b.month);
    c.bills.push_back(std::move(b));
  }
  c.last_read = register_kwh * 100;
  c.last_date = month_before(p.as_of, 1) * 100 + 25;
}

// Most customers are paid up; about three in ten owe their last one to four bills.
void settle_history(Rng& rng, Customer& c) {
  const std::size_t unpaid = rng.percent(30) ? rng.between(1, 4) : 0;
  for (std::size_t i = 0; i + unpaid < c.bills.size(); ++i) c.bills[i].principal_paid_fen = c.bills[i].amount_fen;
  if (unpaid == 0 && rng.percent(10)) c.prepaid_fen = static_cast<std::int64_t>(rng.between(1, 50)) * 100;
}

// Customers long overdue have been served a dunning notice; some of those are cut off.
void add_dunning(Rng& rng, Customer& c, YyyyMmDd as_of) {
  // Both draws always happen, so who owes what does not depend on the as-of date.
  const bool served = rng.percent(60);
  const bool cut_off = rng.percent(40);
  const int overdue = c.overdue_days(as_of);
  if (overdue < 30 || !served) return;
  const auto oldest = std::find_if(c.bills.begin(), c.bills.end(), [](const SimBill& b) { return b.principal_left() > 0; });
  c.notice_date = add_days(oldest->due_date, 20);
  c.powered_off = overdue >= 60 && cut_off;
}

Customer make_customer(Rng& rng, const DatasetParams& p, std::size_t index) {
  Customer c;
  c.cons_no = fmt::format("51{:08}", index + 1);
  c.sect_no = fmt::format("S{:04}", index / section_size + 1);
  c.sort = draw_sort(rng);
  const auto& district = rng.pick(districts);
  c.name = draw_name(rng, c.sort, district);
  c.address = fmt::format("四川省{}{}{}{}组{}号", district, rng.pick(towns), rng.pick(villages), rng.between(1, 12),
                          rng.between(1, 99));
  c.card_meter = c.sort == CustomerSort::residential && rng.percent(10);
  c.partial_allowed = c.sort == CustomerSort::residential || (c.sort == CustomerSort::low_voltage_business && rng.percent(70));
  c.meter_no = fmt::format("3{:012}", 510000000000ULL + index * 7 + 3);
  c.t_factor = draw_t_factor(rng, c.sort);
  c.digits = c.sort == CustomerSort::high_voltage ? 8 : 6;
  if (c.card_meter) {
    c.buy_count = static_cast<std::uint32_t>(rng.between(1, 40));
    c.last_read = rng.between(100, 90000) * 100;
    c.last_date = month_before(p.as_of, 1) * 100 + 25;
    return c;
  }
  add_bills(rng, c, p, index);
  settle_history(rng, c);
  add_dunning(rng, c, p.as_of);
  return c;
}

}  // namespace

int SimBill::overdue_days(YyyyMmDd today) const {
  if (principal_left() <= 0) return 0;
  return std::max(0, days_between(due_date, today));
}

std::int64_t SimBill::penalty_accrued(CustomerSort sort, YyyyMmDd today) const {
  const YyyyMmDd from = std::max(due_date, accrued_until);
  return penalty_accrued_fen + late_fee_raw_fen(sort, principal_left(), std::max(0, days_between(from, today)));
}

std::int64_t SimBill::penalty_left(CustomerSort sort, YyyyMmDd today) const {
  const auto accrued = penalty_accrued(sort, today);
  if (accrued == 0 && overdue_days(today) == 0) return 0;
  return std::max<std::int64_t>(0, std::max(accrued, minimum_late_fee_fen) - penalty_paid_fen);
}

void SimBill::settle_accrual(CustomerSort sort, YyyyMmDd today) {
  penalty_accrued_fen = penalty_accrued(sort, today);
  accrued_until = std::max(accrued_until, today);
}

std::int64_t Customer::owe_fen() const {
  std::int64_t total = 0;
  for (const auto& b : bills) total += b.principal_left();
  return total;
}

std::int64_t Customer::penalty_fen(YyyyMmDd today) const {
  std::int64_t total = 0;
  for (const auto& b : bills) total += b.penalty_left(sort, today);
  return total;
}

int Customer::overdue_days(YyyyMmDd today) const {
  for (const auto& b : bills) {
    if (b.principal_left() > 0) return b.overdue_days(today);
  }
  return 0;
}

Customer* Dataset::find(const std::string& cons_no) {
  const auto it = by_cons_no.find(cons_no);
  return it == by_cons_no.end() ? nullptr : &customers[it->second];
}

const Customer* Dataset::find(const std::string& cons_no) const {
  const auto it = by_cons_no.find(cons_no);
  return it == by_cons_no.end() ? nullptr : &customers[it->second];
}

Dataset generate_dataset(const DatasetParams& params) {
  Dataset d;
  d.params = params;
  Rng rng(params.seed);
  d.customers.reserve(params.customers);
  for (std::size_t i = 0; i < params.customers; ++i) {
    d.customers.push_back(make_customer(rng, params, i));
    d.by_cons_no[d.customers.back().cons_no] = i;
    d.by_section[d.customers.back().sect_no].push_back(i);
  }
  return d;
}

}  // namespace mstation::sim
