#pragma once
// Transactions answered with SG186's help (hhu-protocol.md §5): `prepare`
// runs in a database transaction and either answers at once (a bad field, a
// limit) or names the SG186 request; the front-end sends it (outside any
// database transaction) and `finish` turns SG186's result into the answer,
// in the transaction that stores it.
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "mstation/sg186/client.hpp"
#include "mstation/txn/handler.hpp"

namespace mstation::txn {

using Prepared = std::variant<nlohmann::json, sg186::NumberedRequest>;

struct UpstreamHandler {
  std::function<Prepared(HandlerContext&)> prepare;
  // The answer — or, for a transaction of two exchanges, the next request.
  std::function<Prepared(HandlerContext&, const sg186::ExchangeResult&)> finish;
};

// nullptr if `txn` is not answered through SG186.
const UpstreamHandler* find_upstream(std::uint16_t txn);

// SG186's RSP_CODE as the handheld's code (hhu-protocol.md §6): 1001 → 00,
// 1004 → 14, 1005 → 64, 1015 → 77, 1016 → 25, 1017 → A4, 1006 and 1050 → 96
// (our fault), anything else → 51.
Code upstream_code(std::string_view rsp_code);

// The answer for an SG186 result that is not a success: 91 when nothing was
// done (or, for a query, whenever there is no answer), 98 when a money
// transaction's outcome is unknown, else the mapped code — with SG186's code
// as `upstream_code` and its text as the message for 51. 1006 and 1050 raise
// an alert in `ctx.tx`.
nlohmann::json upstream_failure(HandlerContext& ctx, const sg186::ExchangeResult& result, bool moves_money);

// What `prepare` returns to ask SG186: the request on behalf of this
// terminal (NODE = its TID, OPERATOR = the signed-on operator), numbered and
// journaled in the handler's commit.
sg186::NumberedRequest ask(HandlerContext& ctx, const sg186::Request& request, std::uint32_t work_date = 0);

// A required identifier field of 1..max_length letters and digits (CONS_NO,
// SECT_NO, METER_NO, …), so nothing is cut or converted on its way to a
// fixed-width SG186 field; nullopt → code 30.
std::optional<std::string> identifier_field(const nlohmann::json& request, const char* name, std::size_t max_length);

// YYYYMMDD → "YYYY-MM-DD" (spec §5 dates); 0 → "".
std::string iso_date(std::uint32_t yyyymmdd);

Prepared handle_arrears_query_prepare(HandlerContext& ctx);
nlohmann::json handle_arrears_query_finish(HandlerContext& ctx, const sg186::ExchangeResult& result);
Prepared handle_reading_tasks_prepare(HandlerContext& ctx);
nlohmann::json handle_reading_tasks_finish(HandlerContext& ctx, const sg186::ExchangeResult& result);
Prepared handle_dunning_tasks_prepare(HandlerContext& ctx);
nlohmann::json handle_dunning_tasks_finish(HandlerContext& ctx, const sg186::ExchangeResult& result);
Prepared handle_outage_check_prepare(HandlerContext& ctx);
nlohmann::json handle_outage_check_finish(HandlerContext& ctx, const sg186::ExchangeResult& result);
Prepared handle_reading_anomaly_prepare(HandlerContext& ctx);
nlohmann::json handle_reading_anomaly_finish(HandlerContext& ctx, const sg186::ExchangeResult& result);

// A finish for the common case: SG186's success body decoded by `decode`
// and turned into the answer by `answer`; any failure as upstream_failure
// (no money moves); an unreadable success body as 91.
template <typename Body>
nlohmann::json finish_query(HandlerContext& ctx, const sg186::ExchangeResult& result,
                            const std::function<std::variant<Body, std::string>(const sg186::Message&)>& decode,
                            const std::function<nlohmann::json(const Body&)>& answer) {
  if (!result.succeeded()) return upstream_failure(ctx, result, false);
  const auto decoded = decode(*result.answer);
  if (const auto* problem = std::get_if<std::string>(&decoded)) {
    auto body = reply(codes::upstream_unavailable);
    body["reason"] = "SG186 answer unreadable: " + *problem;
    return body;
  }
  return answer(std::get<Body>(decoded));
}

}  // namespace mstation::txn
