// 0401 CARD_PURCHASE (智能卡表购电) → SG186 040, and 0402 CARD_WRITE_CONFIRM
// (写卡结果确认) → SG186 041 (hhu-protocol.md §5). A purchase is cash like a
// payment (limits, write-ahead, automatic reversal in doubt). Its
// confirmation is the station's to deliver: once recorded, a confirmation in
// doubt is resent from the SAF queue, and a card that was not written has
// its purchase reversed automatically — once, however often it is confirmed.
#include <algorithm>
#include <limits>

#include "mstation/sg186/card_purchase.hpp"
#include "mstation/store/alert_store.hpp"
#include "mstation/store/saf_store.hpp"
#include "mstation/txn/business.hpp"
#include "mstation/txn/print_layout.hpp"

namespace mstation::txn {
namespace {

// A card serial is hex, C(16).
std::optional<std::string> card_serial_field(const nlohmann::json& request) {
  auto serial = identifier_field(request, "card_serial", 16);
  if (serial && std::all_of(serial->begin(), serial->end(),
                            [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; })) {
    return serial;
  }
  return std::nullopt;
}

// 0402's answer for a purchase whose confirmation is already recorded.
nlohmann::json confirmation_status(pqxx::transaction_base& tx, const store::BusinessTxn& purchase) {
  auto body = reply(codes::success);
  const bool written = purchase.detail.value("written", false);
  if (purchase.state == store::txn_state::reversed) {
    body["status"] = "reversed";
  } else if (!written) {
    body["status"] = "reversing";
  } else {
    body["status"] = store::saf_queued(tx, purchase.txn_id, store::saf_purpose::resend) ? "confirming" : "confirmed";
  }
  return body;
}

}  // namespace

Prepared handle_card_purchase_prepare(HandlerContext& ctx) {
  const auto customer_no = identifier_field(ctx.request, "customer_no", 16);
  const auto meter_no = identifier_field(ctx.request, "meter_no", 24);
  const auto amount = amount_field(ctx.request);
  const auto card_serial = card_serial_field(ctx.request);
  const auto count = count_field(ctx.request, "purchase_count", 999999);
  if (!customer_no || !meter_no || !amount || !card_serial || !count) return reply(codes::format_error);
  if (auto refused = refuse_amount(ctx, *amount)) return *refused;
  auto asked = ask(ctx, sg186::card_purchase({*customer_no, *meter_no, static_cast<std::uint64_t>(*amount),
                                              *card_serial, static_cast<std::uint32_t>(*count)}));
  auto t = new_business_txn(ctx, "0401", *customer_no, *amount, true);
  t.detail = {{"meter_no", *meter_no}, {"card_serial", *card_serial}, {"purchase_count", *count}};
  write_ahead(ctx, t, asked);
  return asked;
}

Prepared handle_card_purchase_finish(HandlerContext& ctx, const sg186::ExchangeResult& result) {
  return finish_charge(ctx, result, [&](const sg186::Message& m, store::BusinessTxn& t, nlohmann::json& body) {
    const auto decoded = sg186::decode_card_purchase_response(m.body);
    const auto* c = std::get_if<sg186::CardPurchaseResponse>(&decoded);
    if (c == nullptr) return false;
    t.charge_id = c->charge_id;
    t.detail["new_purchase_count"] = c->new_buy_count;
    put_receipt(ctx, t, "购电凭证",
                {{"表号", t.detail.value("meter_no", "")},
                 {"购电金额", yuan(t.amount_fen)},
                 {"购电次数", std::to_string(c->new_buy_count)}});
    body["write_data"] = c->write_data;  // not stored: it is the card's, and only this answer carries it
    body["new_purchase_count"] = c->new_buy_count;
    return true;
  });
}

Prepared handle_card_write_confirm_prepare(HandlerContext& ctx) {
  const auto txn_id = count_field(ctx.request, "txn_id", std::numeric_limits<std::int64_t>::max());
  const auto written = ctx.request.find("written");
  if (!txn_id || written == ctx.request.end() || !written->is_boolean()) return reply(codes::format_error);
  auto purchase = store::lock_business_txn(ctx.tx, *txn_id);
  if (!purchase || purchase->txn != "0401" || purchase->request.tid != ctx.terminal.tid ||
      purchase->response_code != codes::success.code) {
    return refusal(codes::original_not_found, "no card purchase with this txn_id approved at this terminal");
  }
  if (purchase->detail.contains("written")) return confirmation_status(ctx.tx, *purchase);  // never twice
  purchase->detail["written"] = written->get<bool>();
  store::settle_business_txn(ctx.tx, *purchase, purchase->state);
  auto asked = ask(ctx, sg186::card_confirm({purchase->sg186_serial, written->get<bool>()}));
  // Written ahead: the confirmation is queued now, and the exchange below is
  // only its first attempt; a card not written has its purchase reversed.
  // Its first queued attempt comes after the synchronous one has surely ended.
  const auto after_sync = std::chrono::ceil<std::chrono::seconds>(ctx.settings.sg186_exchange_timeout) + std::chrono::seconds(5);
  queue_resend(ctx.tx, ctx.settings, purchase->txn_id, asked.serial, asked.bytes, after_sync);
  if (!written->get<bool>()) queue_reversal(ctx.tx, ctx.settings, *purchase, ctx.now);
  return asked;
}

Prepared handle_card_write_confirm_finish(HandlerContext& ctx, const sg186::ExchangeResult& result) {
  const auto txn_id = *count_field(ctx.request, "txn_id", std::numeric_limits<std::int64_t>::max());
  auto purchase = *store::lock_business_txn(ctx.tx, txn_id);
  const bool written = purchase.detail.value("written", false);
  if (result.answer) {
    const auto& rsp = result.answer->header.rsp_code;
    const bool refused = rsp != sg186::rsp::success;
    store::finish_saf_of(ctx.tx, purchase.txn_id, store::saf_purpose::resend, rsp, refused && written);
    if (refused && written) {
      // The card holds the energy but SG186 will not confirm it: ops must settle it.
      store::raise_alert(ctx.tx, store::Severity::critical, "card_confirm_refused", purchase.sg186_serial,
                         "card purchase " + std::to_string(purchase.txn_id) + " was written to the card; SG186 answered " +
                             rsp + " to its confirmation");
    }
  }  // else: it stays queued and is resent under the same serial
  return confirmation_status(ctx.tx, purchase);
}

}  // namespace mstation::txn
