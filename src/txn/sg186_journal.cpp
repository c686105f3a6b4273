#include "mstation/txn/sg186_journal.hpp"

#include <fmt/format.h>

#include <variant>

#include "mstation/sg186/message_json.hpp"
#include "mstation/txn/masking.hpp"

namespace mstation::txn {
namespace {

journal::Entry base_entry(const Sg186Context& context, const sg186::Header* header, const char* kind) {
  journal::Entry e;
  e.kind = kind;
  e.exchange_id = context.exchange_id;
  e.peer = context.peer;
  if (header != nullptr) {
    e.txn = sg186::txn_name(header->txn_code);
    if (header->node != "MSTATION") e.tid = journal::printable(header->node);  // from the wire
  }
  return e;
}

void add_message(std::vector<journal::Entry>& out, const Sg186Context& context, const std::string& bytes,
                 const sg186::Message& message, sg186::Direction direction) {
  const bool request = direction == sg186::Direction::request;
  auto raw = base_entry(context, &message.header, request ? "sg186_request_raw" : "sg186_response_raw");
  raw.raw = to_bytes(bytes);
  if (!request) raw.code = journal::printable(message.header.rsp_code);
  out.push_back(std::move(raw));
  auto decoded = base_entry(context, &message.header, request ? "sg186_request" : "sg186_response");
  decoded.decoded = mask_secrets(sg186::message_json(message, direction))
                        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (!request) decoded.code = journal::printable(message.header.rsp_code);
  out.push_back(std::move(decoded));
}

}  // namespace

void journal_sg186_request(std::vector<journal::Entry>& out, const Sg186Context& context,
                           const std::string& request_bytes) {
  const auto message = sg186::decode_message(request_bytes);
  if (const auto* m = std::get_if<sg186::Message>(&message)) {
    add_message(out, context, request_bytes, *m, sg186::Direction::request);
    return;
  }
  auto raw = base_entry(context, nullptr, "sg186_request_raw");
  raw.raw = to_bytes(request_bytes);
  raw.note = "does not decode: " + std::get<std::string>(message);
  out.push_back(std::move(raw));
}

void journal_sg186_result(std::vector<journal::Entry>& out, const Sg186Context& context,
                          const std::string& request_bytes, const sg186::ExchangeResult& result) {
  const auto elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(result.elapsed).count();
  if (result.answer) {
    add_message(out, context, result.received, *result.answer, sg186::Direction::response);
    out.back().note = fmt::format("answered in {} ms", elapsed_ms);
    return;
  }
  const auto request = sg186::decode_message(request_bytes);
  const auto* header = std::get_if<sg186::Message>(&request);
  auto e = base_entry(context, header ? &header->header : nullptr, "sg186_unanswered");
  e.code = sg186::to_string(result.kind);
  e.note = fmt::format("{} after {} ms: {}", sg186::to_string(result.kind), elapsed_ms, result.problem);
  if (!result.received.empty()) e.raw = to_bytes(result.received);
  out.push_back(std::move(e));
}

}  // namespace mstation::txn
