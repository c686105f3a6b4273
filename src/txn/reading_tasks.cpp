// 0101 READING_TASKS (抄表数据下载) → SG186 020, and 0103 READING_ANOMALY
// (抄表异常登记) → SG186 022 (hhu-protocol.md §5).
#include "mstation/sg186/reading.hpp"
#include "mstation/store/reading_task_store.hpp"
#include "mstation/txn/paging.hpp"
#include "mstation/txn/upstream.hpp"

namespace mstation::txn {
namespace {

// A task is at most ~560 bytes of JSON (a 60-byte name and 120-byte address
// become up to 90 and 180 bytes of UTF-8); 100 of them stay well inside one
// 65535-byte frame after encryption.
constexpr std::uint32_t tasks_per_frame = 100;

nlohmann::json task_json(const sg186::ReadingTask& t) {
  return {{"customer_no", t.cons_no},     {"customer_name", t.cons_name},
          {"address", t.address},         {"meter_no", t.meter_no},
          {"multiplier", t.t_factor},     {"last_reading", t.last_read},
          {"last_read_date", iso_date(t.last_date)}, {"register_digits", t.digits},
          {"tariff_code", t.tariff}};
}

}  // namespace

Prepared handle_reading_tasks_prepare(HandlerContext& ctx) {
  const auto page = page_request(ctx.request, tasks_per_frame);
  if (!page) return reply(codes::format_error);
  return ask(ctx, sg186::reading_tasks({page->segment_no, page->page, page->page_size}));
}

nlohmann::json handle_reading_tasks_finish(HandlerContext& ctx, const sg186::ExchangeResult& result) {
  const auto page = *page_request(ctx.request, tasks_per_frame);  // checked in prepare
  return finish_query<sg186::ReadingTasksResponse>(
      ctx, result,
      [](const sg186::Message& m) { return sg186::decode_reading_tasks_response(m.body, m.header.record_num); },
      [&](const sg186::ReadingTasksResponse& r) {
        auto body = reply(codes::success);
        body["tasks"] = nlohmann::json::array();
        for (const auto& t : r.tasks) {
          body["tasks"].push_back(task_json(t));
          // What BILL_ESTIMATE will price this customer's next reading against.
          store::remember_reading_task(ctx.tx, {t.cons_no, page.segment_no, t.meter_no, t.t_factor,
                                                static_cast<std::int64_t>(t.last_read), static_cast<int>(t.digits),
                                                t.tariff});
        }
        put_paging(body, page, r.pages, r.total);
        return body;
      });
}

Prepared handle_reading_anomaly_prepare(HandlerContext& ctx) {
  const auto customer_no = identifier_field(ctx.request, "customer_no", 16);
  const auto meter_no = identifier_field(ctx.request, "meter_no", 24);
  const auto anomaly = identifier_field(ctx.request, "anomaly_code", 2);
  const auto note_it = ctx.request.find("note");
  const bool note_ok = note_it == ctx.request.end() || note_it->is_string();
  if (!customer_no || !meter_no || !anomaly || !note_ok) return reply(codes::format_error);
  const std::string note = note_it == ctx.request.end() ? "" : note_it->get<std::string>();  // cut to C(100) by the codec
  return ask(ctx, sg186::anomaly({*customer_no, *meter_no, *anomaly, note}));
}

nlohmann::json handle_reading_anomaly_finish(HandlerContext& ctx, const sg186::ExchangeResult& result) {
  return finish_query<sg186::AnomalyResponse>(
      ctx, result, [](const sg186::Message& m) { return sg186::decode_anomaly_response(m.body); },
      [](const sg186::AnomalyResponse& r) {
        auto body = reply(codes::success);
        body["anomaly_id"] = r.anomaly_id;
        return body;
      });
}

}  // namespace mstation::txn
