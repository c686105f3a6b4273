// 010 arrears query and the money transactions: 011 payment, 012 same-day
// reversal, 013 prepayment, 040/041 card-meter purchase.
#include <fmt/format.h>

#include <algorithm>

#include "mstation/common/sha256.hpp"
#include "mstation/sg186/account_changes.hpp"
#include "mstation/sg186/card_purchase.hpp"
#include "mstation/sg186/payment.hpp"
#include "mstation/sg186/queries.hpp"
#include "mstation/sim/book.hpp"

namespace mstation::sim {

using namespace mstation::sg186;

namespace {

// Above this a single amount is surely a keying error (1 亿元); it also keeps
// every balance inside its N(12) field.
constexpr std::uint64_t max_amount_fen = 10'000'000'000;

std::uint64_t fen(std::int64_t v) { return static_cast<std::uint64_t>(std::max<std::int64_t>(v, 0)); }

// The bills a payment settles: those listed, or every unpaid one, oldest first.
std::optional<std::vector<std::size_t>> bills_to_settle(const Customer& c, const std::vector<std::string>& listed,
                                                        std::string& missing) {
  std::vector<std::size_t> chosen;
  for (std::size_t i = 0; i < c.bills.size(); ++i) {
    const bool unpaid = c.bills[i].principal_left() > 0;
    const bool wanted = listed.empty() || std::find(listed.begin(), listed.end(), c.bills[i].id) != listed.end();
    if (unpaid && wanted) chosen.push_back(i);
  }
  for (const auto& id : listed) {
    const bool found = std::any_of(chosen.begin(), chosen.end(), [&](std::size_t i) { return c.bills[i].id == id; });
    if (!found) {
      missing = id;
      return std::nullopt;
    }
  }
  return chosen;
}

// A card write block as SG186's encryption machine would produce it: opaque hex.
std::string card_write_block(const CardPurchaseRequest& r, std::uint32_t new_count) {
  const std::string material = fmt::format("{}|{}|{}|{}|{}", r.cons_no, r.meter_no, r.card_serial, r.amount_fen,
                                           new_count);
  return sha256_hex(material) + sha256_hex(material + "#2");
}

}  // namespace

Answer Book::arrears_query(const Message& m) {
  const auto decoded = decode_customer_request(m.body);
  if (is_bad(decoded)) return bad_packet(decoded);
  const auto* c = data_.find(std::get<CustomerRequest>(decoded).cons_no);
  if (c == nullptr) return decline(rsp::customer_not_found);
  ArrearsResponse a;
  a.cons_no = c->cons_no;
  a.cons_name = c->name;
  a.address = c->address;
  a.cons_sort = sort_code(c->sort);
  a.card_meter = c->card_meter;
  a.partial_allowed = c->partial_allowed;
  a.owe_total_fen = fen(c->owe_fen());
  a.penalty_total_fen = fen(c->penalty_fen(today_));
  a.prepaid_bal_fen = fen(c->prepaid_fen);
  for (const auto& b : c->bills) {
    if (b.principal_left() <= 0) continue;
    a.bills.push_back({b.id, b.month, fen(b.principal_left()), fen(b.penalty_left(c->sort, today_)), fen(b.kwh)});
  }
  return success(a, static_cast<unsigned>(a.bills.size()));
}

Answer Book::payment(const Message& m) {
  const auto decoded = decode_payment_request(m.body, m.header.record_num);
  if (is_bad(decoded)) return bad_packet(decoded);
  const auto& r = std::get<PaymentRequest>(decoded);
  auto* c = data_.find(r.cons_no);
  if (c == nullptr) return decline(rsp::customer_not_found);
  if (c->card_meter) return decline(rsp::card_meter_customer);
  if (c->owe_fen() == 0) return decline(rsp::nothing_owed);
  if (r.pay_amt_fen == 0 || r.pay_amt_fen > max_amount_fen) return decline(rsp::failure, "缴费金额无效");
  std::string missing;
  const auto chosen = bills_to_settle(*c, r.bill_ids, missing);
  if (!chosen) return decline(rsp::failure, fmt::format("应收 {} 不存在或已缴清", missing));
  std::int64_t due = 0;
  for (auto i : *chosen) due += c->bills[i].principal_left() + c->bills[i].penalty_left(c->sort, today_);
  auto left = static_cast<std::int64_t>(r.pay_amt_fen);
  if (!c->partial_allowed && left < due) return decline(rsp::partial_not_allowed);

  auto& entry = add_money(m, c->cons_no, left);
  std::int64_t penalty_paid = 0;
  for (auto i : *chosen) {
    auto& bill = c->bills[i];
    bill.settle_accrual(c->sort, today_);
    const auto penalty = std::min(left, bill.penalty_left(c->sort, today_));
    bill.penalty_paid_fen += penalty;  // late fee first, then the bill itself
    left -= penalty;
    const auto principal = std::min(left, bill.principal_left());
    bill.principal_paid_fen += principal;
    left -= principal;
    penalty_paid += penalty;
    if (penalty + principal > 0) entry.allocations.push_back({i, principal, penalty});
  }
  entry.prepaid_added_fen = left;
  c->prepaid_fen += left;
  const PaymentResponse p{c->cons_no, entry.charge_id, r.pay_amt_fen, fen(penalty_paid), fen(c->prepaid_fen),
                          fmt::format("FP{}{:06}", today_, money_.size())};
  return success(p);
}

Answer Book::reversal(const Message& m) {
  const auto decoded = decode_reversal_request(m.body);
  if (is_bad(decoded)) return bad_packet(decoded);
  const auto& r = std::get<ReversalRequest>(decoded);
  auto* original = find_money(m.header.agency, r.orig_serial);
  if (original == nullptr || original->txn_code == txn_reversal) return decline(rsp::original_not_found);
  if (original->reversed) return decline(rsp::already_reversed);
  // 当日冲正: the reversal is sent on the original's business date, and our own day has not turned past it.
  if (original->work_date != m.header.work_date || today_ > original->work_date) {
    return decline(rsp::reversal_other_day);
  }
  if (original->cons_no != r.cons_no || static_cast<std::uint64_t>(original->amount_fen) != r.amount_fen ||
      original->work_date != r.orig_date) {
    return decline(rsp::reversal_mismatch);
  }
  if (original->card_written.value_or(false)) return decline(rsp::failure, "已写卡，不能冲正");
  auto* c = data_.find(original->cons_no);
  if (original->txn_code == txn_card_purchase && c->buy_count != original->buy_count_before + 1) {
    return decline(rsp::failure, "已有后续购电，不能冲正");
  }
  if (c->prepaid_fen < original->prepaid_added_fen) return decline(rsp::failure, "预收余额已使用，不能冲正");

  for (const auto& a : original->allocations) {
    c->bills[a.bill].principal_paid_fen -= a.principal_fen;
    c->bills[a.bill].penalty_paid_fen -= a.penalty_fen;
  }
  c->prepaid_fen -= original->prepaid_added_fen;
  if (original->txn_code == txn_card_purchase) c->buy_count = original->buy_count_before;
  original->reversed = true;
  ++money_version_;
  const std::int64_t amount = original->amount_fen;
  const std::string orig_serial = original->serial;  // add_money may move the entries
  auto& entry = add_money(m, c->cons_no, amount);
  entry.orig_serial = orig_serial;
  return success(BalanceResponse{c->cons_no, entry.charge_id, fen(c->prepaid_fen)});
}

Answer Book::prepayment(const Message& m) {
  const auto decoded = decode_prepayment_request(m.body);
  if (is_bad(decoded)) return bad_packet(decoded);
  const auto& r = std::get<PrepaymentRequest>(decoded);
  auto* c = data_.find(r.cons_no);
  if (c == nullptr) return decline(rsp::customer_not_found);
  if (c->card_meter) return decline(rsp::card_meter_customer);
  if (c->owe_fen() > 0) return decline(rsp::arrears_block_prepayment);
  if (r.amount_fen == 0 || r.amount_fen > max_amount_fen) return decline(rsp::failure, "预收金额无效");
  auto& entry = add_money(m, c->cons_no, static_cast<std::int64_t>(r.amount_fen));
  entry.prepaid_added_fen = entry.amount_fen;
  c->prepaid_fen += entry.amount_fen;
  return success(BalanceResponse{c->cons_no, entry.charge_id, fen(c->prepaid_fen)});
}

Answer Book::card_purchase(const Message& m) {
  const auto decoded = decode_card_purchase_request(m.body);
  if (is_bad(decoded)) return bad_packet(decoded);
  const auto& r = std::get<CardPurchaseRequest>(decoded);
  auto* c = data_.find(r.cons_no);
  if (c == nullptr) return decline(rsp::customer_not_found);
  if (!c->card_meter) return decline(rsp::failure, "该户不是电卡表用户");
  if (c->meter_no != r.meter_no) return decline(rsp::failure, "表号与用户不符");
  if (r.amount_fen == 0 || r.amount_fen > max_amount_fen) return decline(rsp::failure, "购电金额无效");
  if (r.buy_count != c->buy_count) return decline(rsp::purchase_count_mismatch);
  auto& entry = add_money(m, c->cons_no, static_cast<std::int64_t>(r.amount_fen));
  entry.buy_count_before = c->buy_count;
  c->buy_count += 1;
  return success(CardPurchaseResponse{entry.charge_id, c->buy_count, card_write_block(r, c->buy_count)});
}

Answer Book::card_confirm(const Message& m) {
  const auto decoded = decode_card_confirm_request(m.body);
  if (is_bad(decoded)) return bad_packet(decoded);
  const auto& r = std::get<CardConfirmRequest>(decoded);
  auto* original = find_money(m.header.agency, r.orig_serial);
  if (original == nullptr || original->txn_code != txn_card_purchase) return decline(rsp::original_not_found);
  if (original->reversed) return decline(rsp::already_reversed);
  if (original->card_written.value_or(false) && !r.written) return decline(rsp::failure, "已确认写卡");
  original->card_written = r.written;
  return success(CardConfirmResponse{"00"});
}

}  // namespace mstation::sim
