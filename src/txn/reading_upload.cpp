// 0102 READING_UPLOAD (抄表数据上装) → SG186 021 (hhu-protocol.md §5): up to
// 50 readings of one segment. Recorded ahead of the call like any change at
// SG186; an upload in doubt is resent from the SAF queue under its original
// serial until SG186 answers, and the terminal hears 91 with "queued".
#include "mstation/sg186/reading.hpp"
#include "mstation/txn/business.hpp"

namespace mstation::txn {
namespace {

constexpr std::size_t max_readings = 50;

// "2026-11-28T09:15:00+08:00" → 20261128.
std::optional<std::uint32_t> read_date(const nlohmann::json& reading) {
  const auto text = string_field(reading, "read_at");
  return text ? parse_iso_date(*text) : std::nullopt;
}

std::optional<sg186::Reading> reading_of(const nlohmann::json& r) {
  if (!r.is_object()) return std::nullopt;
  const auto customer_no = identifier_field(r, "customer_no", 16);
  const auto meter_no = identifier_field(r, "meter_no", 24);
  const auto value = count_field(r, "reading", 999'999'999'999);
  const auto date = read_date(r);
  const auto status = register_status_field(r);
  const bool has_anomaly = r.contains("anomaly_code");
  const auto anomaly = has_anomaly ? identifier_field(r, "anomaly_code", 2) : std::optional<std::string>("");
  if (!customer_no || !meter_no || !value || !date || !status || !anomaly) return std::nullopt;
  return sg186::Reading{*customer_no, *meter_no, static_cast<std::uint64_t>(*value), *date, std::string(1, *status), *anomaly};
}

}  // namespace

Prepared handle_reading_upload_prepare(HandlerContext& ctx) {
  const auto segment_no = identifier_field(ctx.request, "segment_no", 16);
  const auto readings = ctx.request.find("readings");
  if (!segment_no || readings == ctx.request.end() || !readings->is_array() || readings->empty() ||
      readings->size() > max_readings) {
    return reply(codes::format_error);
  }
  sg186::ReadingUploadRequest upload{*segment_no, {}};
  for (const auto& r : *readings) {
    auto reading = reading_of(r);
    if (!reading) return reply(codes::format_error);
    upload.readings.push_back(std::move(*reading));
  }
  auto asked = ask(ctx, sg186::reading_upload(upload));
  auto t = new_business_txn(ctx, "0102", "", 0, false);
  t.detail = {{"segment_no", *segment_no}, {"readings", upload.readings.size()}};
  write_ahead(ctx, t, asked);
  return asked;
}

Prepared handle_reading_upload_finish(HandlerContext& ctx, const sg186::ExchangeResult& result) {
  auto t = pending_business_txn(ctx);
  nlohmann::json body = reply(codes::success);
  std::optional<sg186::ReadingUploadResponse> answer;
  if (result.succeeded()) {
    auto decoded = sg186::decode_reading_upload_response(result.answer->body, result.answer->header.record_num);
    if (auto* a = std::get_if<sg186::ReadingUploadResponse>(&decoded)) answer = std::move(*a);
  }
  if (answer) {
    t.state = store::txn_state::succeeded;
    body["accepted"] = answer->accepted;
    body["rejected"] = nlohmann::json::array();
    for (const auto& r : answer->rejected) {
      body["rejected"].push_back({{"meter_no", r.meter_no}, {"code", r.err_code}, {"reason", r.err_msg}});
    }
    t.detail["accepted"] = answer->accepted;
    t.detail["rejected"] = answer->rejected.size();
  } else if (result.kind == sg186::ResultKind::in_doubt || result.succeeded()) {
    t.state = store::txn_state::unknown;
    queue_resend(ctx.tx, ctx.settings, t);
    body = reply(codes::upstream_unavailable);
    body["message"] = "营销系统应答超时，主站将自动重发抄表数据";
    body["queued"] = true;
  } else {
    t.state = store::txn_state::declined;
    body = upstream_failure(ctx, result, false);
  }
  if (result.answer) t.sg186_code = result.answer->header.rsp_code;
  t.response_code = body.value("code", "");
  settle(ctx, t, store::txn_state::pending);
  return body;
}

}  // namespace mstation::txn
