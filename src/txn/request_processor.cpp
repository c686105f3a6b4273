#include "mstation/txn/request_processor.hpp"

#include <fmt/format.h>

#include <pqxx/pqxx>

#include <algorithm>

#include <spdlog/spdlog.h>

#include "mstation/common/ip_address.hpp"
#include "mstation/common/sha256.hpp"
#include "mstation/hhu/frame.hpp"
#include "mstation/store/business_txn_store.hpp"
#include "mstation/store/request_store.hpp"
#include "mstation/store/terminal_store.hpp"
#include "mstation/store/working_key_store.hpp"
#include "mstation/txn/codes.hpp"
#include "mstation/txn/exchange_journal.hpp"
#include "mstation/txn/handler.hpp"
#include "mstation/txn/key_resolver.hpp"
#include "mstation/txn/masking.hpp"
#include "mstation/txn/upstream.hpp"

namespace mstation::txn {
namespace {

using hhu::Frame;
using journal::Entry;

// Thrown inside the write-ahead when another connection took the SEQ first.
struct SeqTaken : std::runtime_error {
  SeqTaken() : std::runtime_error("SEQ taken by a concurrent request") {}
};

std::string json_text(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

// The state of one request as it passes the checks.
class Pipeline {
 public:
  Pipeline(const Settings& settings, const keys::KekRing& kek, TimePoint now, const Exchange& exchange,
           const Frame& frame, bool take_over)
      : settings_(settings),
        kek_(kek),
        now_(now),
        exchange_(exchange),
        frame_(frame),
        digest_(sha256(frame.raw)),
        take_over_(take_over) {
    out_.tid = frame.header.tid;
    out_.seq = frame.header.seq;
    out_.txn = hhu::txn_code(frame.header.txn);
  }

  Outcome run(pqxx::connection& reads, journal::Committer& writes);
  Outcome finish_upstream(pqxx::connection& reads, journal::Committer& writes, const sg186::ExchangeResult& result);

 private:
  std::optional<Outcome> check(pqxx::connection& reads);
  std::optional<Outcome> check_header() const;
  std::optional<Outcome> check_terminal(pqxx::transaction_base& tx);
  std::optional<Outcome> answer_retransmission(pqxx::transaction_base& tx);
  std::optional<Outcome> check_keys(pqxx::transaction_base& tx);
  std::optional<Outcome> check_seq_and_time() const;
  void decrypt();
  void write_ahead(journal::Committer& writes);
  Outcome lost_race(pqxx::connection& reads, journal::Committer& writes);
  Outcome execute(pqxx::connection& reads, journal::Committer& writes);
  Outcome with_fallback(pqxx::connection& reads, journal::Committer& writes, const std::function<Outcome()>& work);
  Outcome prepare_upstream(journal::Committer& writes, const UpstreamHandler& handler);
  Outcome decided(pqxx::transaction_base& tx, Prepared prepared, std::vector<Entry>& journal);
  std::optional<store::BusinessTxn> record_of_request(pqxx::connection& reads);
  Outcome commit_finish(journal::Committer& writes, const sg186::ExchangeResult& result);
  nlohmann::json in_doubt_answer(const store::BusinessTxn& record) const;
  sg186::ExchangeResult original_lost();
  static sg186::ExchangeResult in_doubt(const std::string& problem);
  Outcome stored_or_close(pqxx::connection& reads);
  HandlerContext context(pqxx::transaction_base& tx, std::vector<Entry>& journal);
  std::optional<Outcome> stored_answer(pqxx::connection& reads);
  nlohmann::json run_handler(pqxx::transaction_base& tx, std::vector<Entry>& journal);
  Outcome answer(journal::Committer& writes, const nlohmann::json& body);
  Outcome respond_secured(pqxx::transaction_base& tx, const nlohmann::json& body, std::vector<Entry>& journal);
  Outcome protocol_error(const Code& code, const std::string& reason,
                         std::optional<std::int64_t> next_seq = std::nullopt) const;
  Outcome journal_refusal(journal::Committer& writes, Outcome o);
  Entry entry(const std::string& kind) const { return exchange_entry(exchange_, kind, &frame_.header); }
  Entry request_raw_entry(const std::string& note) const;
  Entry response_raw_entry(const Outcome& o) const;
  std::uint64_t blocks(std::size_t mac_input, std::size_t ciphertext) const;
  store::RequestKey request_key() const { return {terminal_->tid, terminal_->seq_epoch, frame_.header.seq}; }

  const Settings& settings_;
  const keys::KekRing& kek_;
  const TimePoint now_;
  const Exchange& exchange_;
  const Frame& frame_;
  const Sha256Digest digest_;
  const bool take_over_;       // execute in the place of an original left in progress
  bool taking_over_ = false;  // ... and this request is such a one
  Outcome out_;
  std::optional<store::TerminalRecord> terminal_;
  std::optional<FrameKeys> keys_;
  std::optional<nlohmann::json> request_;  // decrypted JSON object, when it is one
};

Outcome Pipeline::run(pqxx::connection& reads, journal::Committer& writes) {
  if (auto refused = check(reads)) return journal_refusal(writes, std::move(*refused));
  decrypt();
  if (taking_over_) {
    out_.reason = "executed in the place of an original left in progress";
    return execute(reads, writes);  // the SEQ was taken by the original's write-ahead
  }
  try {
    write_ahead(writes);
  } catch (const SeqTaken&) {
    return lost_race(reads, writes);
  }
  return execute(reads, writes);
}

std::optional<Outcome> Pipeline::check(pqxx::connection& reads) {
  if (auto refused = check_header()) return refused;
  pqxx::read_transaction tx(reads);
  if (auto refused = check_terminal(tx)) return refused;
  if (auto stored = answer_retransmission(tx)) return stored;
  if (auto refused = check_keys(tx)) return refused;
  if (!hhu::verify_mac(terminal_->suite, keys_->mac, frame_.mac_input(), frame_.mac)) {
    return protocol_error(codes::bad_mac, "MAC verification failed");
  }
  if (taking_over_) return std::nullopt;  // the original's SEQ and TIME were accepted
  return check_seq_and_time();
}

std::optional<Outcome> Pipeline::check_header() const {
  const auto& h = frame_.header;
  if (h.version != hhu::protocol_version) return protocol_error(codes::unsupported, "VER not 01");
  if (h.flags != hhu::flag_secured) return protocol_error(codes::unsupported, "request FLAGS not 02");
  return std::nullopt;  // SUITE is judged after the terminal, against its enrolled suite (§4)
}

std::optional<Outcome> Pipeline::check_terminal(pqxx::transaction_base& tx) {
  const auto& tid = frame_.header.tid;
  if (tid.size() != 8 || !std::all_of(tid.begin(), tid.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return protocol_error(codes::bad_terminal, "TID is not 8 digits");  // never reaches a query as text
  }
  terminal_ = store::find_terminal(tx, tid);
  if (!terminal_) return protocol_error(codes::bad_terminal, "terminal not enrolled");
  if (!terminal_->enabled) return protocol_error(codes::bad_terminal, "terminal disabled");
  if (!same_address(terminal_->bound_ip, exchange_.peer)) {
    return protocol_error(codes::bad_terminal, "peer " + exchange_.peer + " is not the terminal's bound address");
  }
  if (frame_.header.suite != static_cast<std::uint8_t>(terminal_->suite)) {
    return protocol_error(codes::unsupported, "SUITE is not the terminal's enrolled suite");
  }
  return std::nullopt;
}

// A byte-identical frame for an accepted (TID, SEQ) gets the stored response,
// even if its keys have expired or its TIME is now stale.
std::optional<Outcome> Pipeline::answer_retransmission(pqxx::transaction_base& tx) {
  const auto prior = store::find_request(tx, frame_.header.tid, frame_.header.seq, digest_);
  if (!prior) return std::nullopt;
  Outcome o = out_;
  o.retransmission = true;
  if (!prior->answered && take_over_ && may_take_over(frame_.header.txn)) {
    taking_over_ = true;
    return std::nullopt;  // checked like a new request, then executed
  }
  if (!prior->answered) {
    o.action = Outcome::Action::wait_for_original;
    o.reason = "retransmission while the original is in progress";
    return o;
  }
  o.action = Outcome::Action::respond;
  o.response = prior->response_frame;
  o.code = prior->response_code;
  o.reason = "retransmission answered from the stored response";
  return o;
}

std::optional<Outcome> Pipeline::check_keys(pqxx::transaction_base& tx) {
  auto resolved = resolve_keys(tx, *terminal_, frame_.header, kek_, settings_, now_);
  if (auto* why = std::get_if<std::string>(&resolved)) return protocol_error(codes::bad_key_version, *why);
  keys_ = std::move(std::get<FrameKeys>(resolved));
  return std::nullopt;
}

std::optional<Outcome> Pipeline::check_seq_and_time() const {
  const auto& h = frame_.header;
  if (h.seq <= terminal_->highest_seq) {
    return protocol_error(codes::replay, "SEQ not above the highest accepted", terminal_->highest_seq + 1);
  }
  if (h.txn == txns::sign_on) return std::nullopt;  // its answer sets the terminal's clock
  const auto sent = hhu::from_bcd_time(h.time);
  if (!sent || *sent < now_ - settings_.clock_skew || *sent > now_ + settings_.clock_skew) {
    return protocol_error(codes::replay, "TIME outside clock_skew", terminal_->highest_seq + 1);
  }
  return std::nullopt;
}

// Decryption, padding and JSON: a failure here is answered 30 (secured) and
// uses the SEQ, so it comes after every A-code check.
void Pipeline::decrypt() {
  auto clear = hhu::decrypt_payload(terminal_->suite, keys_->encryption, frame_.header.iv, frame_.payload);
  if (!clear) {
    out_.reason = "payload does not decrypt (length or padding)";
    return;
  }
  auto parsed = nlohmann::json::parse(clear->begin(), clear->end(), nullptr, false);
  cleanse(clear->data(), clear->size());
  if (parsed.is_discarded() || !parsed.is_object()) {
    out_.reason = "payload is not a JSON object";
    return;
  }
  out_.request_clear = mask_secrets(parsed);
  request_ = std::move(parsed);
}

// Takes the SEQ — raises the terminal's highest SEQ and reserves the request
// row — in the same commit as the raw and decrypted request's journal rows.
void Pipeline::write_ahead(journal::Committer& writes) {
  writes.commit([&](pqxx::transaction_base& tx, std::vector<Entry>& journal) {
    const auto key = request_key();
    if (!store::advance_highest_seq(tx, key.tid, key.seq_epoch, key.seq)) throw SeqTaken();
    if (!store::reserve_request(tx, key, out_.txn, digest_, settings_.instance)) throw SeqTaken();
    if (keys_->working) {
      store::add_cipher_blocks(tx, key.tid, keys_->working->key_version,
                               blocks(frame_.mac_input().size(), frame_.payload.size()));
    }
    journal.push_back(request_raw_entry(""));
    auto clear = entry("hhu_request");
    clear.decoded = out_.request_clear.is_null() ? std::optional<std::string>() : json_text(out_.request_clear);
    if (!request_) clear.note = out_.reason;
    journal.push_back(clear);
  });
}

Outcome Pipeline::lost_race(pqxx::connection& reads, journal::Committer& writes) {
  std::optional<Outcome> o;
  {
    pqxx::read_transaction tx(reads);
    o = answer_retransmission(tx);
    if (!o) {
      terminal_ = store::find_terminal(tx, frame_.header.tid);
      o = protocol_error(codes::replay, "SEQ taken by a concurrent request", terminal_->highest_seq + 1);
    }
  }
  return o->action == Outcome::Action::wait_for_original ? std::move(*o) : journal_refusal(writes, std::move(*o));
}

Outcome Pipeline::execute(pqxx::connection& reads, journal::Committer& writes) {
  if (request_) {
    if (const auto* upstream = find_upstream(frame_.header.txn)) {
      if (taking_over_) {
        if (const auto record = record_of_request(reads)) {
          if (record->state == store::txn_state::pending) return finish_upstream(reads, writes, original_lost());
          // Settled as abandoned by the SAF worker's sweep: in doubt to the terminal.
          return with_fallback(reads, writes, [&] { return answer(writes, in_doubt_answer(*record)); });
        }
      }
      return with_fallback(reads, writes, [&] { return prepare_upstream(writes, *upstream); });
    }
  }
  return with_fallback(reads, writes,
                       [&] { return answer(writes, request_ ? nlohmann::json() : reply(codes::format_error)); });
}

// The handler's finish, and the answer stored, in one commit — or, for a
// transaction of two exchanges, the next request written ahead.
//
// SG186 has been asked by now, so a failure here must never become 96
// ("nothing was done"): the finish is tried once more as if SG186's answer
// never came — a money transaction then becomes unknown and is reversed —
// and if even that cannot be stored, the connection closes unanswered (the
// terminal retransmits; the record is settled by take-over or the sweep).
Outcome Pipeline::finish_upstream(pqxx::connection& reads, journal::Committer& writes,
                                  const sg186::ExchangeResult& result) {
  try {
    return commit_finish(writes, result);
  } catch (const std::exception& e) {
    spdlog::error("terminal {} SEQ {} TXN {}: the SG186 result could not be recorded: {}", out_.tid, out_.seq,
                  out_.txn, e.what());
    if (auto stored = stored_answer(reads)) return std::move(*stored);
  }
  try {
    out_.reason = "SG186's result could not be recorded";
    return commit_finish(writes, in_doubt(out_.reason));
  } catch (const std::exception& e) {
    spdlog::error("terminal {} SEQ {}: closing unanswered, nothing could be recorded: {}", out_.tid, out_.seq, e.what());
    return stored_or_close(reads);
  }
}

Outcome Pipeline::commit_finish(journal::Committer& writes, const sg186::ExchangeResult& result) {
  Outcome o;
  writes.commit([&](pqxx::transaction_base& tx, std::vector<Entry>& journal) {
    auto ctx = context(tx, journal);
    o = decided(tx, find_upstream(frame_.header.txn)->finish(ctx, result), journal);
  });
  return o;
}

nlohmann::json Pipeline::in_doubt_answer(const store::BusinessTxn& record) const {
  auto body = reply(codes::upstream_in_doubt);
  body["txn_id"] = record.txn_id;
  body["serial"] = record.sg186_serial;
  return body;
}

Outcome Pipeline::decided(pqxx::transaction_base& tx, Prepared prepared, std::vector<Entry>& journal) {
  if (const auto* body = std::get_if<nlohmann::json>(&prepared)) return respond_secured(tx, *body, journal);
  Outcome o = out_;
  o.action = Outcome::Action::ask_sg186;
  o.sg186_request = std::move(std::get<sg186::NumberedRequest>(prepared));
  return o;
}

// Taking over: the business record the original wrote ahead (so its SG186
// request may have gone out), if it got that far.
std::optional<store::BusinessTxn> Pipeline::record_of_request(pqxx::connection& reads) {
  pqxx::read_transaction tx(reads);
  return store::find_business_txn_of(tx, request_key());
}

sg186::ExchangeResult Pipeline::original_lost() {
  const std::string problem = "the process that sent it ended before SG186's answer was recorded";
  out_.reason = "finished in the place of an original whose process ended: " + problem;
  return in_doubt(problem);
}

// A result as if SG186's answer never came.
sg186::ExchangeResult Pipeline::in_doubt(const std::string& problem) {
  sg186::ExchangeResult result;
  result.kind = sg186::ResultKind::in_doubt;
  result.problem = problem;
  return result;
}

// A handler that needs SG186 decides first, in a transaction of its own: it
// may answer at once (a bad field, a limit) or ask SG186.
Outcome Pipeline::prepare_upstream(journal::Committer& writes, const UpstreamHandler& handler) {
  Outcome o;
  writes.commit([&](pqxx::transaction_base& tx, std::vector<Entry>& journal) {
    // Fenced on the request's row: an original and its take-over never both write ahead.
    store::lock_request(tx, request_key());
    if (const auto record = store::find_business_txn_of(tx, request_key())) {
      o = respond_secured(tx, in_doubt_answer(*record), journal);
      return;
    }
    auto ctx = context(tx, journal);
    o = decided(tx, handler.prepare(ctx), journal);
  });
  return o;
}

HandlerContext Pipeline::context(pqxx::transaction_base& tx, std::vector<Entry>& journal) {
  return HandlerContext{tx, *terminal_, frame_.header, *request_, keys_->working, kek_, settings_, now_, &journal,
                        exchange_.id};
}

// Runs `work`; if it fails, the stored answer if a commit reported as failed
// did happen, else a stored 96, else close.
Outcome Pipeline::with_fallback(pqxx::connection& reads, journal::Committer& writes,
                                const std::function<Outcome()>& work) {
  try {
    return work();
  } catch (const std::exception& e) {
    // A commit reported as failed may have happened: if an answer is stored,
    // it is the answer. Otherwise the handler rolled back, nothing was done,
    // the SEQ stays used and a stored 96 answers any retransmission.
    spdlog::error("terminal {} SEQ {} TXN {}: internal error: {}", out_.tid, out_.seq, out_.txn, e.what());
    if (auto stored = stored_answer(reads)) return std::move(*stored);
    out_.reason = "internal error";
    try {
      return answer(writes, reply(codes::internal_error));
    } catch (const std::exception& again) {
      spdlog::error("terminal {} SEQ {}: cannot store the 96 answer either: {}", out_.tid, out_.seq, again.what());
      return stored_or_close(reads);
    }
  }
}

// The stored answer if a commit reported as failed did happen, else close.
Outcome Pipeline::stored_or_close(pqxx::connection& reads) {
  if (auto stored = stored_answer(reads)) return std::move(*stored);
  Outcome o = out_;
  o.action = Outcome::Action::close;
  return o;
}

std::optional<Outcome> Pipeline::stored_answer(pqxx::connection& reads) {
  try {
    pqxx::read_transaction tx(reads);
    auto o = answer_retransmission(tx);
    if (o && o->action == Outcome::Action::respond) {
      o->retransmission = false;
      o->reason = "the answer committed although its commit reported an error";
      return o;
    }
  } catch (const std::exception&) {
    // The database is gone too: the caller closes.
  }
  return std::nullopt;
}

// Runs the handler (unless `body` is already decided) and stores its answer,
// in one commit.
Outcome Pipeline::answer(journal::Committer& writes, const nlohmann::json& body) {
  Outcome result;
  writes.commit([&](pqxx::transaction_base& tx, std::vector<Entry>& journal) {
    const nlohmann::json decided = body.is_null() ? run_handler(tx, journal) : body;
    result = respond_secured(tx, decided, journal);
  });
  return result;
}

nlohmann::json Pipeline::run_handler(pqxx::transaction_base& tx, std::vector<Entry>& journal) {
  const auto it = handlers().find(frame_.header.txn);
  if (it == handlers().end()) {
    out_.reason = "no handler for TXN " + out_.txn;
    return reply(codes::not_permitted);
  }
  auto ctx = context(tx, journal);
  return it->second(ctx);
}

Outcome Pipeline::respond_secured(pqxx::transaction_base& tx, const nlohmann::json& body, std::vector<Entry>& journal) {
  hhu::Header h = frame_.header;
  h.flags = hhu::flag_response | hhu::flag_secured;
  h.time = hhu::to_bcd_time(now_);
  h.iv = hhu::random_iv(terminal_->suite);
  Outcome o = out_;
  o.action = Outcome::Action::respond;
  o.response = hhu::build_secured_frame(h, terminal_->suite, keys_->encryption, keys_->mac, json_text(body));
  o.code = body.value("code", "");
  o.response_clear = mask_secrets(body);
  if (!store::answer_request(tx, request_key(), o.response, o.code)) {
    throw std::runtime_error("request already answered");  // the first answer stands
  }
  if (keys_->working) {
    store::add_cipher_blocks(tx, terminal_->tid, keys_->working->key_version,
                             blocks(o.response.size() - hhu::mac_size,
                                    o.response.size() - hhu::header_size - hhu::mac_size));
  }
  auto clear = entry("hhu_response");
  clear.code = o.code;
  clear.decoded = json_text(o.response_clear);
  clear.note = o.reason.empty() ? std::optional<std::string>() : o.reason;
  journal.push_back(clear);
  journal.push_back(response_raw_entry(o));
  return o;
}

Outcome Pipeline::protocol_error(const Code& code, const std::string& reason, std::optional<std::int64_t> next_seq) const {
  nlohmann::json body = reply(code);
  if (next_seq) body["next_seq"] = *next_seq;
  hhu::Header h = frame_.header;
  h.flags = hhu::flag_response;
  h.time = hhu::to_bcd_time(now_);
  h.kver = 0;
  h.iv = {};
  Outcome o = out_;
  o.action = Outcome::Action::respond;
  o.response = hhu::build_plain_frame(h, json_text(body));
  o.code = code.code;
  o.reason = reason;
  o.response_clear = body;
  return o;
}

Entry Pipeline::request_raw_entry(const std::string& note) const {
  auto e = entry("hhu_request_raw");
  e.raw = frame_.raw;
  if (!note.empty()) e.note = note;
  return e;
}

// The bytes sent, and how long after accept they were ready.
Entry Pipeline::response_raw_entry(const Outcome& o) const {
  auto raw = entry("hhu_response_raw");
  raw.code = o.code;
  raw.raw = o.response;
  const std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - exchange_.accepted_at;
  raw.note = fmt::format("ms_since_accept={:.1f}", elapsed.count());
  return raw;
}

// Refusals and stored answers: the request and what we send, in one commit,
// before anything is sent. If the journal cannot be written, close instead.
Outcome Pipeline::journal_refusal(journal::Committer& writes, Outcome o) {
  if (o.action == Outcome::Action::wait_for_original) return o;
  try {
    writes.commit([&](pqxx::transaction_base&, std::vector<Entry>& journal) {
      journal.push_back(request_raw_entry(o.reason));
      if (!o.retransmission) {
        auto clear = entry("hhu_response");
        clear.code = o.code;
        clear.decoded = json_text(o.response_clear);
        journal.push_back(clear);
      }
      journal.push_back(response_raw_entry(o));
    });
  } catch (const std::exception& e) {
    spdlog::error("terminal {} SEQ {}: journal unavailable, closing without an answer: {}", o.tid, o.seq, e.what());
    o.action = Outcome::Action::close;
    o.response.clear();
  }
  return o;
}

std::uint64_t Pipeline::blocks(std::size_t mac_input, std::size_t ciphertext) const {
  return terminal_->suite == hhu::Suite::tdea ? hhu::cipher_blocks(terminal_->suite, mac_input, ciphertext) : 0;
}

// A request's pipeline with the frame and exchange it refers to.
struct PipelineState {
  Exchange exchange;
  Frame frame;
  std::unique_ptr<Pipeline> pipeline;
};

}  // namespace

RequestProcessor::RequestProcessor(Settings settings, const keys::KekRing& kek, Now now)
    : settings_(std::move(settings)), kek_(kek), now_(std::move(now)) {}

Outcome RequestProcessor::process(pqxx::connection& reads, journal::Committer& writes, const Exchange& exchange,
                                  std::span<const std::uint8_t> raw) const {
  return run(reads, writes, exchange, raw, false);
}

Outcome RequestProcessor::take_over(pqxx::connection& reads, journal::Committer& writes, const Exchange& exchange,
                                    std::span<const std::uint8_t> raw) const {
  return run(reads, writes, exchange, raw, true);
}

Outcome RequestProcessor::run(pqxx::connection& reads, journal::Committer& writes, const Exchange& exchange,
                              std::span<const std::uint8_t> raw, bool take_over) const {
  auto parsed = hhu::parse_frame(raw);
  if (auto* why = std::get_if<std::string>(&parsed)) {
    Outcome o;
    o.action = Outcome::Action::close;
    o.reason = *why;
    o.journaled = journal_unanswered_bytes(writes, exchange, raw, *why);
    return o;
  }
  // On the heap: a request that asks SG186 resumes from here later.
  auto state = std::make_shared<PipelineState>();
  state->exchange = exchange;
  state->frame = std::move(std::get<Frame>(parsed));
  state->pipeline = std::make_unique<Pipeline>(settings_, kek_, now_(), state->exchange, state->frame, take_over);
  Outcome o = state->pipeline->run(reads, writes);
  if (o.action == Outcome::Action::ask_sg186) o.continuation = state;
  return o;
}

Outcome RequestProcessor::resume(pqxx::connection& reads, journal::Committer& writes, const Outcome& asked,
                                 const sg186::ExchangeResult& result) const {
  const auto state = std::static_pointer_cast<PipelineState>(asked.continuation);
  Outcome o = state->pipeline->finish_upstream(reads, writes, result);
  if (o.action == Outcome::Action::ask_sg186) o.continuation = asked.continuation;
  return o;
}

}  // namespace mstation::txn
