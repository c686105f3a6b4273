#include "response_builder.hpp"

#include <spdlog/spdlog.h>

#include "frame_journal.hpp"
#include "mstation/store/request_store.hpp"
#include "mstation/store/working_key_store.hpp"
#include "mstation/txn/handler.hpp"
#include "mstation/txn/masking.hpp"
#include "mstation/txn/pipeline_errors.hpp"

namespace mstation::txn {

Outcome plain_refusal(const hhu::Frame& frame, TimePoint now, const Code& code, const std::string& reason,
                      std::optional<std::int64_t> next_seq) {
  nlohmann::json body = reply(code);
  if (next_seq) body["next_seq"] = *next_seq;
  hhu::Header h = frame.header;
  h.flags = hhu::flag_response;
  h.time = hhu::to_bcd_time(now);
  h.kver = 0;
  h.iv = {};
  Outcome o = outcome_for(frame);
  o.action = Outcome::Action::respond;
  o.response = hhu::build_plain_frame(h, json_text(body));
  o.code = code.code;
  o.reason = reason;
  o.response_clear = body;
  return o;
}

Outcome secured_answer(pqxx::transaction_base& tx, const Checked& c, const nlohmann::json& body,
                       const std::string& note, std::vector<journal::Entry>& journal) {
  hhu::Header h = c.frame.header;
  h.flags = hhu::flag_response | hhu::flag_secured;
  h.time = hhu::to_bcd_time(c.now);
  h.iv = hhu::random_iv(c.terminal.suite);
  Outcome o = outcome_for(c.frame);
  o.action = Outcome::Action::respond;
  o.request_clear = c.request_clear;
  o.response = hhu::build_secured_frame(h, c.terminal.suite, c.keys.encryption, c.keys.mac, json_text(body));
  o.code = body.value("code", "");
  o.reason = note;
  o.response_clear = mask_secrets(body);
  if (!store::answer_request(tx, c.key(), o.response, o.code)) throw AlreadyAnswered();
  if (c.keys.working) {
    const auto blocks = cipher_blocks_of(c, o.response.size() - hhu::mac_size,
                                         o.response.size() - hhu::header_size - hhu::mac_size);
    store::add_cipher_blocks(tx, c.terminal.tid, c.keys.working->key_version, blocks);
  }
  journal.push_back(response_clear_entry(c.exchange, c.frame, o));
  journal.push_back(response_raw_entry(c.exchange, c.frame, o));
  return o;
}

Outcome journal_refusal(journal::Committer& writes, const Exchange& exchange, const hhu::Frame& frame, Outcome o) {
  if (o.action == Outcome::Action::wait_for_original) return o;
  try {
    writes.commit([&](pqxx::transaction_base&, std::vector<journal::Entry>& journal) {
      journal.push_back(request_raw_entry(exchange, frame, o.reason));
      if (!o.retransmission) {
        auto clear = response_clear_entry(exchange, frame, o);
        clear.note.reset();  // the reason is on the request's row
        journal.push_back(clear);
      }
      journal.push_back(response_raw_entry(exchange, frame, o));
    });
  } catch (const std::exception& e) {
    spdlog::error("terminal {} SEQ {}: journal unavailable, closing without an answer: {}", o.tid, o.seq, e.what());
    o.action = Outcome::Action::close;
    o.response.clear();
  }
  return o;
}

}  // namespace mstation::txn
