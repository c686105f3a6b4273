#include "mstation/txn/request_processor.hpp"

#include <pqxx/pqxx>

#include <spdlog/spdlog.h>

#include "mstation/common/ip_address.hpp"
#include "mstation/common/sha256.hpp"
#include "mstation/hhu/frame.hpp"
#include "mstation/store/request_store.hpp"
#include "mstation/store/terminal_store.hpp"
#include "mstation/store/working_key_store.hpp"
#include "mstation/txn/codes.hpp"
#include "mstation/txn/handler.hpp"
#include "mstation/txn/key_resolver.hpp"
#include "mstation/txn/masking.hpp"

namespace mstation::txn {
namespace {

using hhu::Frame;

// The state of one request as it passes the checks.
class Pipeline {
 public:
  Pipeline(const Settings& settings, const keys::KekRing& kek, TimePoint now, const Frame& frame)
      : settings_(settings), kek_(kek), now_(now), frame_(frame), digest_(sha256(std::string_view(
                                                                      reinterpret_cast<const char*>(frame.raw.data()),
                                                                      frame.raw.size()))) {
    out_.tid = frame.header.tid;
    out_.seq = frame.header.seq;
    out_.txn = hhu::txn_code(frame.header.txn);
  }

  Outcome run(pqxx::connection& db, const std::string& peer);

 private:
  std::optional<Outcome> check(pqxx::connection& db, const std::string& peer);
  std::optional<Outcome> check_header() const;
  std::optional<Outcome> check_terminal(pqxx::transaction_base& tx, const std::string& peer);
  std::optional<Outcome> answer_retransmission(pqxx::transaction_base& tx);
  std::optional<Outcome> check_keys(pqxx::transaction_base& tx);
  std::optional<Outcome> check_seq_and_time() const;
  bool write_ahead(pqxx::connection& db);
  Outcome lost_race(pqxx::connection& db);
  Outcome execute(pqxx::connection& db);
  nlohmann::json run_handler(pqxx::transaction_base& tx, const std::string& plaintext);
  Outcome internal_error(pqxx::connection& db, const std::string& what);
  Outcome respond_secured(pqxx::transaction_base& tx, const nlohmann::json& body);
  Outcome protocol_error(const Code& code, const std::string& reason,
                         std::optional<std::int64_t> next_seq = std::nullopt) const;
  std::uint64_t blocks(std::size_t mac_input, std::size_t ciphertext) const;

  store::RequestKey request_key() const { return {terminal_->tid, terminal_->seq_epoch, frame_.header.seq}; }

  const Settings& settings_;
  const keys::KekRing& kek_;
  const TimePoint now_;
  const Frame& frame_;
  const Sha256Digest digest_;
  Outcome out_;
  std::optional<store::TerminalRecord> terminal_;
  std::optional<FrameKeys> keys_;
};

Outcome Pipeline::run(pqxx::connection& db, const std::string& peer) {
  if (auto refused = check(db, peer)) return std::move(*refused);
  if (!write_ahead(db)) return lost_race(db);
  return execute(db);
}

std::optional<Outcome> Pipeline::check(pqxx::connection& db, const std::string& peer) {
  if (auto refused = check_header()) return refused;
  pqxx::read_transaction tx(db);
  if (auto refused = check_terminal(tx, peer)) return refused;
  if (auto stored = answer_retransmission(tx)) return stored;
  if (auto refused = check_keys(tx)) return refused;
  const auto& mac_key = keys_->mac;
  if (!hhu::verify_mac(terminal_->suite, mac_key, frame_.mac_input(), frame_.mac)) {
    return protocol_error(codes::bad_mac, "MAC verification failed");
  }
  return check_seq_and_time();
}

std::optional<Outcome> Pipeline::check_header() const {
  const auto& h = frame_.header;
  if (h.version != hhu::protocol_version) return protocol_error(codes::unsupported, "VER not 01");
  if (h.flags != hhu::flag_secured) return protocol_error(codes::unsupported, "request FLAGS not 02");
  if (!hhu::suite_from_byte(h.suite)) return protocol_error(codes::unsupported, "SUITE unknown");
  return std::nullopt;
}

std::optional<Outcome> Pipeline::check_terminal(pqxx::transaction_base& tx, const std::string& peer) {
  terminal_ = store::find_terminal(tx, frame_.header.tid);
  if (!terminal_) return protocol_error(codes::bad_terminal, "terminal not enrolled");
  if (!terminal_->enabled) return protocol_error(codes::bad_terminal, "terminal disabled");
  if (!same_address(terminal_->bound_ip, peer)) {
    return protocol_error(codes::bad_terminal, "peer " + peer + " is not the terminal's bound address");
  }
  if (frame_.header.suite != static_cast<std::uint8_t>(terminal_->suite)) {
    return protocol_error(codes::unsupported, "SUITE is not the terminal's enrolled suite");
  }
  return std::nullopt;
}

// A byte-identical frame for an accepted (TID, SEQ) gets the stored response,
// even if its keys have expired or its TIME is now stale.
std::optional<Outcome> Pipeline::answer_retransmission(pqxx::transaction_base& tx) {
  const auto prior = store::find_request(tx, request_key());
  if (!prior || prior->request_sha256 != digest_) return std::nullopt;
  Outcome o = out_;
  o.retransmission = true;
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

// Takes the SEQ: raises the terminal's highest SEQ and reserves the request
// row in one commit. False if another connection took it first.
bool Pipeline::write_ahead(pqxx::connection& db) {
  pqxx::work tx(db);
  const auto key = request_key();
  if (!store::advance_highest_seq(tx, key.tid, key.seq_epoch, key.seq)) return false;
  if (!store::reserve_request(tx, key, out_.txn, digest_, settings_.instance)) return false;
  if (keys_->working) {
    store::add_cipher_blocks(tx, key.tid, keys_->working->key_version,
                             blocks(frame_.mac_input().size(), frame_.payload.size()));
  }
  tx.commit();
  return true;
}

Outcome Pipeline::lost_race(pqxx::connection& db) {
  pqxx::read_transaction tx(db);
  if (auto stored = answer_retransmission(tx)) return std::move(*stored);
  terminal_ = store::find_terminal(tx, frame_.header.tid);
  return protocol_error(codes::replay, "SEQ taken by a concurrent request", terminal_->highest_seq + 1);
}

Outcome Pipeline::execute(pqxx::connection& db) {
  const auto opened = hhu::decrypt_payload(terminal_->suite, keys_->encryption, frame_.header.iv, frame_.payload);
  try {
    pqxx::work tx(db);
    const std::string plaintext = opened ? std::string(opened->begin(), opened->end()) : std::string();
    const nlohmann::json body = opened ? run_handler(tx, plaintext) : reply(codes::format_error);
    if (!opened) out_.reason = "payload does not decrypt (length or padding)";
    Outcome o = respond_secured(tx, body);
    tx.commit();
    return o;
  } catch (const std::exception& e) {
    return internal_error(db, e.what());
  }
}

nlohmann::json Pipeline::run_handler(pqxx::transaction_base& tx, const std::string& plaintext) {
  const auto request = nlohmann::json::parse(plaintext, nullptr, false);
  if (request.is_discarded() || !request.is_object()) {
    out_.reason = "payload is not a JSON object";
    return reply(codes::format_error);
  }
  out_.request_clear = mask_secrets(request);
  const auto it = handlers().find(frame_.header.txn);
  if (it == handlers().end()) {
    out_.reason = "no handler for TXN " + out_.txn;
    return reply(codes::not_permitted);
  }
  HandlerContext ctx{tx, *terminal_, frame_.header, request, keys_->working, kek_, settings_, now_};
  return it->second(ctx);
}

// The handler's transaction rolled back: nothing was done. The SEQ stays used,
// and the stored 96 answers any retransmission.
Outcome Pipeline::internal_error(pqxx::connection& db, const std::string& what) {
  spdlog::error("terminal {} SEQ {} TXN {}: internal error: {}", out_.tid, out_.seq, out_.txn, what);
  out_.reason = "internal error";
  try {
    pqxx::work tx(db);
    Outcome o = respond_secured(tx, reply(codes::internal_error));
    tx.commit();
    return o;
  } catch (const std::exception& e) {
    spdlog::error("terminal {} SEQ {}: cannot store the 96 answer either: {}", out_.tid, out_.seq, e.what());
    Outcome o = out_;
    o.action = Outcome::Action::close;
    return o;
  }
}

Outcome Pipeline::respond_secured(pqxx::transaction_base& tx, const nlohmann::json& body) {
  hhu::Header h = frame_.header;
  h.flags = hhu::flag_response | hhu::flag_secured;
  h.time = hhu::to_bcd_time(now_);
  h.iv = hhu::random_iv(terminal_->suite);
  const std::string json = body.dump();
  Outcome o = out_;
  o.action = Outcome::Action::respond;
  o.response = hhu::build_secured_frame(h, terminal_->suite, keys_->encryption, keys_->mac, json);
  o.code = body.value("code", "");
  o.response_clear = mask_secrets(body);
  store::answer_request(tx, request_key(), o.response, o.code);
  if (keys_->working) {
    store::add_cipher_blocks(tx, terminal_->tid, keys_->working->key_version,
                             blocks(o.response.size() - hhu::mac_size, o.response.size() - hhu::header_size - hhu::mac_size));
  }
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
  o.response = hhu::build_plain_frame(h, body.dump());
  o.code = code.code;
  o.reason = reason;
  o.response_clear = body;
  return o;
}

std::uint64_t Pipeline::blocks(std::size_t mac_input, std::size_t ciphertext) const {
  return terminal_->suite == hhu::Suite::tdea ? hhu::cipher_blocks(terminal_->suite, mac_input, ciphertext) : 0;
}

}  // namespace

RequestProcessor::RequestProcessor(Settings settings, const keys::KekRing& kek, Now now)
    : settings_(std::move(settings)), kek_(kek), now_(std::move(now)) {}

Outcome RequestProcessor::process(pqxx::connection& db, const std::string& peer,
                                  std::span<const std::uint8_t> raw) const {
  auto parsed = hhu::parse_frame(raw);
  if (auto* why = std::get_if<std::string>(&parsed)) {
    Outcome o;
    o.action = Outcome::Action::close;
    o.reason = *why;
    return o;
  }
  const Frame& frame = std::get<Frame>(parsed);
  Pipeline pipeline(settings_, kek_, now_(), frame);
  return pipeline.run(db, peer);
}

}  // namespace mstation::txn
