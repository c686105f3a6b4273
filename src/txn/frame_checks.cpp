#include "frame_checks.hpp"

#include <algorithm>

#include "frame_journal.hpp"
#include "mstation/common/ip_address.hpp"
#include "mstation/store/frame_context.hpp"
#include "mstation/txn/codes.hpp"
#include "mstation/txn/handler.hpp"
#include "mstation/txn/masking.hpp"
#include "response_builder.hpp"

namespace mstation::txn {
namespace {

using Verdict = std::optional<Outcome>;  // nullopt: passed

class FrameChecks {
 public:
  FrameChecks(const CheckInput& in, const Settings& settings, const keys::KekRing& kek)
      : in_(in), settings_(settings), kek_(kek), digest_(sha256(in.frame.raw)) {}

  std::variant<Checked, Outcome> run(pqxx::transaction_base& tx);

 private:
  Verdict header() const;
  Verdict terminal();
  Verdict retransmission();
  Verdict keys();
  Verdict seq_and_time() const;
  void decrypt();
  Outcome refuse(const Code& code, const std::string& reason, std::optional<std::int64_t> next_seq = {}) const {
    return plain_refusal(in_.frame, in_.now, code, reason, next_seq);
  }

  const CheckInput& in_;
  const Settings& settings_;
  const keys::KekRing& kek_;
  const Sha256Digest digest_;
  store::FrameContext read_;  // what the checks read, in one query
  Checked c_;
};

std::variant<Checked, Outcome> FrameChecks::run(pqxx::transaction_base& tx) {
  if (auto refused = header()) return std::move(*refused);
  const auto& tid = in_.frame.header.tid;
  if (tid.size() != 8 || !std::all_of(tid.begin(), tid.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
    return refuse(codes::bad_terminal, "TID is not 8 digits");  // never reaches a query as text
  }
  read_ = store::load_frame_context(tx, tid, in_.frame.header.seq, digest_, in_.frame.header.kver);
  if (auto refused = terminal()) return std::move(*refused);
  if (auto stored = retransmission()) return std::move(*stored);
  if (auto refused = keys()) return std::move(*refused);
  if (!hhu::verify_mac(c_.terminal.suite, c_.keys.mac, in_.frame.mac_input(), in_.frame.mac)) {
    return refuse(codes::bad_mac, "MAC verification failed");
  }
  if (!c_.taking_over) {  // else the original's SEQ and TIME were accepted
    if (auto refused = seq_and_time()) return std::move(*refused);
  }
  c_.exchange = in_.exchange;
  c_.frame = in_.frame;
  c_.digest = digest_;
  c_.now = in_.now;
  decrypt();
  return std::move(c_);
}

Verdict FrameChecks::header() const {
  const auto& h = in_.frame.header;
  if (h.version != hhu::protocol_version) return refuse(codes::unsupported, "VER not 01");
  if (h.flags != hhu::flag_secured) return refuse(codes::unsupported, "request FLAGS not 02");
  return std::nullopt;  // SUITE is judged after the terminal, against its enrolled suite (§4)
}

Verdict FrameChecks::terminal() {
  auto& found = read_.terminal;
  if (!found) return refuse(codes::bad_terminal, "terminal not enrolled");
  if (!found->enabled) return refuse(codes::bad_terminal, "terminal disabled");
  if (!same_address(found->bound_ip, in_.exchange.peer)) {
    return refuse(codes::bad_terminal, "peer " + in_.exchange.peer + " is not the terminal's bound address");
  }
  if (in_.frame.header.suite != static_cast<std::uint8_t>(found->suite)) {
    return refuse(codes::unsupported, "SUITE is not the terminal's enrolled suite");
  }
  c_.terminal = std::move(*found);
  return std::nullopt;
}

// A byte-identical frame for an accepted (TID, SEQ) gets the stored response,
// even if its keys have expired or its TIME is now stale.
Verdict FrameChecks::retransmission() {
  auto stored = stored_answer_of(in_.frame, read_.prior);
  if (stored && stored->action == Outcome::Action::wait_for_original && in_.take_over &&
      may_take_over(in_.frame.header.txn)) {
    c_.taking_over = true;
    return std::nullopt;  // checked like a new request, then executed
  }
  return stored;
}

Verdict FrameChecks::keys() {
  auto resolved = resolve_keys(c_.terminal, in_.frame.header, std::move(read_.working_key), read_.operator_enabled,
                               kek_, settings_, in_.now);
  if (auto* why = std::get_if<std::string>(&resolved)) return refuse(codes::bad_key_version, *why);
  c_.keys = std::move(std::get<FrameKeys>(resolved));
  return std::nullopt;
}

Verdict FrameChecks::seq_and_time() const {
  const auto& h = in_.frame.header;
  const auto next = c_.terminal.highest_seq + 1;
  if (h.seq <= c_.terminal.highest_seq) return refuse(codes::replay, "SEQ not above the highest accepted", next);
  if (h.txn == txns::sign_on) return std::nullopt;  // its answer sets the terminal's clock
  const auto sent = hhu::from_bcd_time(h.time);
  if (!sent || *sent < in_.now - settings_.clock_skew || *sent > in_.now + settings_.clock_skew) {
    return refuse(codes::replay, "TIME outside clock_skew", next);
  }
  return std::nullopt;
}

// Decryption, padding and JSON: a failure here is answered 30 (secured) and
// uses the SEQ, so it comes after every A-code check.
void FrameChecks::decrypt() {
  auto clear = hhu::decrypt_payload(c_.terminal.suite, c_.keys.encryption, in_.frame.header.iv, in_.frame.payload);
  if (!clear) {
    c_.problem = "payload does not decrypt (length or padding)";
    return;
  }
  auto parsed = nlohmann::json::parse(clear->begin(), clear->end(), nullptr, false);
  cleanse(clear->data(), clear->size());
  if (parsed.is_discarded() || !parsed.is_object()) {
    c_.problem = "payload is not a JSON object";
    return;
  }
  c_.request_clear = mask_secrets(parsed);
  c_.request = std::move(parsed);
}

}  // namespace

std::variant<Checked, Outcome> check_frame(pqxx::transaction_base& reads, const CheckInput& in,
                                           const Settings& settings, const keys::KekRing& kek) {
  return FrameChecks(in, settings, kek).run(reads);
}

std::optional<Outcome> stored_answer_of(pqxx::transaction_base& reads, const hhu::Frame& frame,
                                        const Sha256Digest& digest) {
  return stored_answer_of(frame, store::find_request(reads, frame.header.tid, frame.header.seq, digest));
}

std::optional<Outcome> stored_answer_of(const hhu::Frame& frame, const std::optional<store::RequestRecord>& prior) {
  if (!prior) return std::nullopt;
  Outcome o = outcome_for(frame);
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

}  // namespace mstation::txn
