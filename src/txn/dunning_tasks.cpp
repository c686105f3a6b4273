// 0301 DUNNING_TASKS (催费任务下载) → SG186 030, and 0303 OUTAGE_CHECK
// (停电前欠费查询) → SG186 014 with the disconnect rule (hhu-protocol.md §5).
#include "mstation/sg186/dunning.hpp"
#include "mstation/sg186/queries.hpp"
#include "mstation/txn/disconnect_rule.hpp"
#include "mstation/txn/paging.hpp"
#include "mstation/txn/upstream.hpp"

namespace mstation::txn {
namespace {

// A dunning task is at most ~330 bytes of JSON: 150 fit one frame with room to spare.
constexpr std::uint32_t tasks_per_frame = 150;

}  // namespace

Prepared handle_dunning_tasks_prepare(HandlerContext& ctx) {
  const auto page = page_request(ctx.request, tasks_per_frame);
  if (!page) return reply(codes::format_error);
  return ask(ctx, sg186::dunning_tasks({page->segment_no, page->page, page->page_size}));
}

nlohmann::json handle_dunning_tasks_finish(HandlerContext& ctx, const sg186::ExchangeResult& result) {
  const auto page = *page_request(ctx.request, tasks_per_frame);  // checked in prepare
  return finish_query<sg186::DunningTasksResponse>(
      ctx, result,
      [](const sg186::Message& m) { return sg186::decode_dunning_tasks_response(m.body, m.header.record_num); },
      [&](const sg186::DunningTasksResponse& r) {
        auto body = reply(codes::success);
        body["tasks"] = nlohmann::json::array();
        for (const auto& t : r.tasks) {
          body["tasks"].push_back({{"customer_no", t.cons_no},
                                   {"customer_name", t.cons_name},
                                   {"address", t.address},
                                   {"arrears_fen", t.owe_total_fen},
                                   {"overdue_days", t.overdue_days}});
        }
        put_paging(body, page, r.pages, r.total);
        return body;
      });
}

Prepared handle_outage_check_prepare(HandlerContext& ctx) {
  const auto customer_no = identifier_field(ctx.request, "customer_no", 16);
  if (!customer_no) return reply(codes::format_error);
  return ask(ctx, sg186::outage_check({*customer_no}));
}

nlohmann::json handle_outage_check_finish(HandlerContext& ctx, const sg186::ExchangeResult& result) {
  return finish_query<sg186::OutageResponse>(
      ctx, result, [](const sg186::Message& m) { return sg186::decode_outage_response(m.body); },
      [&](const sg186::OutageResponse& o) {
        const auto decision = decide_disconnect({static_cast<std::int64_t>(o.owe_total_fen), o.overdue_days,
                                                 o.notice_date, o.powered_off, business_date_number(ctx.now)});
        auto body = reply(codes::success);
        body["customer_no"] = o.cons_no;
        body["arrears_fen"] = o.owe_total_fen;
        body["overdue_days"] = o.overdue_days;
        body["notice_date"] = iso_date(o.notice_date);
        body["powered_off"] = o.powered_off;
        body["may_disconnect"] = decision.may_disconnect;
        body["reason"] = decision.reason;
        return body;
      });
}

}  // namespace mstation::txn
