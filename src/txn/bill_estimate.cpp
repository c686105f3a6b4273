// 0104 BILL_ESTIMATE (抄表预算电费), hhu-protocol.md §5: the bill a new
// reading would make, priced by the tariff engine against the reading task
// the terminal downloaded (0101) — no SG186 exchange, so it works with one
// bar of signal as long as the station is reachable.
#include "mstation/store/reading_task_store.hpp"
#include "mstation/tariff/tariff.hpp"
#include "mstation/txn/business.hpp"

namespace mstation::txn {

nlohmann::json handle_bill_estimate(HandlerContext& ctx) {
  const auto customer_no = identifier_field(ctx.request, "customer_no", 16);
  const auto reading = count_field(ctx.request, "reading", 999'999'999'999);
  const auto status = register_status_field(ctx.request);
  if (!customer_no || !reading || !status) return reply(codes::format_error);
  const auto task = store::find_reading_task(ctx.tx, *customer_no);
  if (!task) return refusal(codes::customer_not_found, "customer not in a downloaded reading segment (download it first)");
  const auto* tariff = ctx.settings.tariffs ? ctx.settings.tariffs->find(task->tariff_code) : nullptr;
  if (tariff == nullptr) return refusal(codes::not_permitted, "no tariff " + task->tariff_code + " in tariffs_file");
  const auto usage = tariff::usage_kwh({static_cast<std::uint64_t>(task->last_reading), static_cast<std::uint64_t>(*reading),
                                        static_cast<unsigned>(task->register_digits),
                                        static_cast<std::uint32_t>(task->multiplier), *status});
  if (const auto* why = std::get_if<std::string>(&usage)) return refusal(codes::format_error, *why);
  const auto month = (business_date_number(ctx.now) / 100) % 100;
  if (const auto why = tariff::unpriceable(*tariff, std::get<std::int64_t>(usage))) {
    return refusal(codes::format_error, *why);
  }
  const auto estimate = tariff::charge(*tariff, std::get<std::int64_t>(usage), month);
  auto body = reply(codes::success);
  body["customer_no"] = *customer_no;
  body["usage_kwh"] = estimate.usage_kwh;
  body["amount_fen"] = estimate.amount_fen;
  body["tariff_code"] = estimate.tariff_code;
  body["tiers"] = nlohmann::json::array();
  for (const auto& t : estimate.tiers) {
    body["tiers"].push_back(
        {{"tier", t.tier}, {"kwh", t.kwh}, {"price_fen_per_kwh_x100", t.price}, {"amount_fen", t.amount_fen}});
  }
  return body;
}

}  // namespace mstation::txn
