#include "frame_journal.hpp"

#include <fmt/format.h>

#include "mstation/txn/exchange_journal.hpp"

namespace mstation::txn {

std::string json_text(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Outcome outcome_for(const hhu::Frame& frame) {
  Outcome o;
  o.tid = frame.header.tid;
  o.seq = frame.header.seq;
  o.txn = hhu::txn_code(frame.header.txn);
  return o;
}

journal::Entry request_raw_entry(const Exchange& exchange, const hhu::Frame& frame, const std::string& note) {
  auto e = exchange_entry(exchange, "hhu_request_raw", &frame.header);
  e.raw = frame.raw;
  if (!note.empty()) e.note = note;
  return e;
}

journal::Entry request_clear_entry(const Checked& c) {
  auto e = exchange_entry(c.exchange, "hhu_request", &c.frame.header);
  if (!c.request_clear.is_null()) e.decoded = json_text(c.request_clear);
  if (!c.request) e.note = c.problem;
  return e;
}

journal::Entry response_clear_entry(const Exchange& exchange, const hhu::Frame& frame, const Outcome& o) {
  auto e = exchange_entry(exchange, "hhu_response", &frame.header);
  e.code = o.code;
  e.decoded = json_text(o.response_clear);
  if (!o.reason.empty()) e.note = o.reason;
  return e;
}

journal::Entry response_raw_entry(const Exchange& exchange, const hhu::Frame& frame, const Outcome& o) {
  auto e = exchange_entry(exchange, "hhu_response_raw", &frame.header);
  e.code = o.code;
  e.raw = o.response;
  const std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - exchange.accepted_at;
  e.note = fmt::format("ms_since_accept={:.1f}", elapsed.count());
  return e;
}

std::uint64_t cipher_blocks_of(const Checked& c, std::size_t mac_input, std::size_t ciphertext) {
  return c.terminal.suite == hhu::Suite::tdea ? hhu::cipher_blocks(c.terminal.suite, mac_input, ciphertext) : 0;
}

}  // namespace mstation::txn
