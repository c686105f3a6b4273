#include "fake_field_office.hpp"

#include <vector>

namespace mstation::test {
namespace {

using nlohmann::json;

struct FakeCustomer {
  const char* customer_no;
  std::int64_t total_fen;
  bool partial_allowed;
  bool card_meter;
};

// In task order: the day should pay the first, pay the second by mistake,
// prepay for the third and sell on the fourth's card.
const std::vector<FakeCustomer> customers{{"5100000001", 12345, true, false},
                                          {"5100000002", 8000, true, false},
                                          {"5100000003", 0, true, false},
                                          {"5100000004", 0, true, true},
                                          {"5100000005", 0, false, false}};

json ok() { return {{"code", "00"}, {"message", "交易成功"}}; }

json with(json body, const json& fields) {
  body.update(fields);
  return body;
}

json receipt(std::int64_t txn_id, bool reprint) {
  json lines{"      国网四川省电力公司", "电费收费凭证", "流水号: " + std::to_string(txn_id)};
  if (reprint) lines.push_back("*** 补打 ***");
  return {{"receipt_no", "R" + std::to_string(txn_id)}, {"lines", lines}};
}

json tasks() {
  json list = json::array();
  for (std::size_t i = 0; i < customers.size(); ++i) {
    list.push_back({{"customer_no", customers[i].customer_no},
                    {"customer_name", "王秀英"},
                    {"address", "四川省眉山市东坡区永丰镇新农村3组12号"},
                    {"meter_no", "3510000000" + std::to_string(i)},
                    {"multiplier", 1},
                    {"last_reading", i == 2 ? 99'990'000 : 1'234'500},  // the third near a 6-digit register's end
                    {"last_read_date", "2026-10-25"},
                    {"register_digits", 6},
                    {"tariff_code", "RES1"}});
  }
  return list;
}

json arrears(const std::string& customer_no) {
  for (const auto& c : customers) {
    if (customer_no != c.customer_no) continue;
    json bills = json::array();
    if (c.total_fen > 0)
      bills.push_back({{"bill_id", "B1"}, {"month", "2026-10"}, {"amount_fen", c.total_fen}, {"late_fee_fen", 0}});
    return with(ok(), {{"customer_name", "王秀英"},
                       {"address", "四川省"},
                       {"bills", bills},
                       {"total_fen", c.total_fen},
                       {"prepaid_balance_fen", 0},
                       {"partial_allowed", c.partial_allowed},
                       {"card_meter", c.card_meter}});
  }
  return {{"code", "14"}, {"message", "户号不存在"}};
}

json paged(const json& list) {
  return {{"tasks", list}, {"page", 1}, {"page_size", 50}, {"pages", 1}, {"total", list.size()}};
}

}  // namespace

json FakeFieldOffice::answer(const ReceivedRequest& r) {
  if (const auto it = refuse.find(r.txn); it != refuse.end()) return {{"code", it->second}, {"message", "拒绝"}};
  const auto& b = r.body;
  switch (r.txn) {
    case 0x0002:
      return with(ok(), {{"count", 0}});
    case 0x0101:
      return with(ok(), paged(tasks()));
    case 0x0102:
      return with(ok(), {{"accepted", b["readings"].size()}, {"rejected", json::array()}});
    case 0x0104:
      return with(ok(), {{"usage_kwh", 150}, {"amount_fen", 8190}, {"tiers", json::array()}, {"tariff_code", "RES1"}});
    case 0x0201:
      return arrears(b["customer_no"].get<std::string>());
    case 0x0202:
    case 0x0204:
      return money(r);
    case 0x0203:
      return reversal(r);
    case 0x0205:
      return with(ok(), {{"receipt", receipt(b["txn_id"].get<std::int64_t>(), true)}});
    case 0x0206:
      return with(ok(), {{"date", "2026-11-28"},
                         {"count", 0},
                         {"amount_fen", 0},
                         {"reversed_count", 0},
                         {"reversed_fen", 0},
                         {"net_fen", 0}});
    case 0x0207:
      return settlement(r);
    case 0x0301:
      return with(ok(), paged(json::array({{{"customer_no", "5100000002"},
                                            {"customer_name", "李明"},
                                            {"address", "四川省"},
                                            {"arrears_fen", 8000},
                                            {"overdue_days", 45}}})));
    case 0x0302:
      return with(ok(), {{"notice", {{"notice_no", "N1"}, {"lines", {"电费催缴通知单", "欠费: 80.00元"}}}}});
    case 0x0303:
      return with(
          ok(), {{"arrears_fen", 8000}, {"overdue_days", 45}, {"may_disconnect", false}, {"reason", "未送达催费通知"}});
    case 0x0401:
      return card_purchase(r);
    case 0x0402:
      return with(ok(), {{"status", "00"}});
    default:
      return {{"code", "12"}, {"message", "交易不支持"}};
  }
}

json FakeFieldOffice::money(const ReceivedRequest& r) {
  const auto txn_id = next_txn_id_++;
  by_seq_[r.seq] = {r.txn, r.body["customer_no"].get<std::string>(), r.body["amount_fen"].get<std::int64_t>()};
  return with(ok(), {{"txn_id", txn_id},
                     {"serial", "S" + std::to_string(txn_id)},
                     {"charge_id", "C1"},
                     {"receipt", receipt(txn_id, false)},
                     {"prepaid_balance_fen", 0}});
}

json FakeFieldOffice::reversal(const ReceivedRequest& r) {
  const auto it = by_seq_.find(r.body["orig_seq"].get<std::uint32_t>());
  if (it == by_seq_.end() || it->second.txn == 0x0203) return {{"code", "25"}, {"message", "原交易不存在"}};
  if (it->second.reversed) return {{"code", "A4"}, {"message", "原交易已冲正"}};
  if (it->second.customer_no != r.body["customer_no"] || it->second.amount_fen != r.body["amount_fen"]) {
    return {{"code", "64"}, {"message", "金额或户号与原交易不符"}};
  }
  it->second.reversed = true;
  const auto answer = money(r);
  by_seq_[r.seq].txn = 0x0203;
  return answer;
}

json FakeFieldOffice::card_purchase(const ReceivedRequest& r) {
  if (r.body["purchase_count"] != card_purchase_count) {
    return {{"code", "51"}, {"message", "购电次数不符"}, {"upstream_code", "1051"}};
  }
  auto answer = money(r);
  by_seq_[r.seq].txn = 0x0401;
  answer["write_data"] = "00112233445566778899AABBCCDDEEFF";
  answer["new_purchase_count"] = card_purchase_count + 1;
  return answer;
}

json FakeFieldOffice::settlement(const ReceivedRequest& r) const {
  std::int64_t count = 0;
  std::int64_t amount = 0;
  for (const auto& [seq, m] : by_seq_) {
    if (m.txn == 0x0203 || m.reversed) continue;
    ++count;
    amount += m.amount_fen;
  }
  const bool matched =
      r.body["count"] == count && r.body["amount_fen"] == amount && r.body["items"].size() == by_seq_.size();
  return with(
      ok(),
      {{"matched", matched}, {"server_count", count}, {"server_amount_fen", amount}, {"differences", json::array()}});
}

}  // namespace mstation::test
