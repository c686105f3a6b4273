#include "mstation/hhu/terminal_client.hpp"

#include <stdexcept>

namespace mstation::hhu {
namespace {

constexpr std::uint16_t txn_sign_on = 0x0001;
constexpr std::uint16_t txn_sign_off = 0x0002;

SecretBytes key_from_hex(const nlohmann::json& body, const char* field) {
  const auto bytes = from_hex(body.value(field, ""));
  if (!bytes) throw std::runtime_error(std::string("SIGN_ON response field ") + field + " is not hex");
  return to_secret(*bytes);
}

}  // namespace

TerminalClient::TerminalClient(std::string tid, Suite suite, SecretBytes tmk, std::uint32_t last_seq)
    : tid_(std::move(tid)), suite_(suite), tmk_(std::move(tmk)), last_seq_(last_seq) {}

std::optional<TerminalClient::WorkingKeys> TerminalClient::working_keys() const {
  if (key_version_ == 0) return std::nullopt;
  return WorkingKeys{key_version_, tdk_, tak_};
}

void TerminalClient::install_working_keys(WorkingKeys keys) {
  key_version_ = keys.version;
  tdk_ = std::move(keys.tdk);
  tak_ = std::move(keys.tak);
}

void TerminalClient::forget_working_keys() {
  key_version_ = 0;
  tdk_.clear();
  tak_.clear();
}

TerminalClient::KeysUsed TerminalClient::keys_for(std::uint16_t txn, std::uint8_t kver) const {
  if (kver == 0 || txn == txn_sign_on) {
    return {0, master_encryption_key(tmk_), master_mac_key(tmk_)};
  }
  return {kver, tdk_, tak_};
}

Bytes TerminalClient::request(std::uint16_t txn, const nlohmann::json& body, TimePoint now) {
  const std::uint8_t kver = txn == txn_sign_on ? 0 : key_version_;
  return request_with(txn, body, now, last_seq_ + 1, kver);
}

Bytes TerminalClient::request_with(std::uint16_t txn, const nlohmann::json& body, TimePoint now, std::uint32_t seq,
                                   std::uint8_t kver) {
  Header h;
  h.flags = flag_secured;
  h.suite = static_cast<std::uint8_t>(suite_);
  h.tid = tid_;
  h.seq = seq;
  h.time = to_bcd_time(now);
  h.txn = txn;
  h.iv = random_iv(suite_);
  last_keys_ = keys_for(txn, kver);
  h.kver = last_keys_.kver;
  last_header_ = h;
  if (seq > last_seq_) last_seq_ = seq;
  return build_secured_frame(h, suite_, last_keys_.encryption, last_keys_.mac, body.dump());
}

Response TerminalClient::open(std::span<const std::uint8_t> raw) {
  auto parsed = parse_frame(raw);
  if (auto* why = std::get_if<std::string>(&parsed)) throw std::runtime_error("response frame: " + *why);
  const Frame& f = std::get<Frame>(parsed);
  const Header& h = f.header;
  if ((h.flags & flag_response) == 0) throw std::runtime_error("response frame without the response flag");
  if (h.tid != last_header_.tid || h.seq != last_header_.seq || h.txn != last_header_.txn ||
      h.suite != last_header_.suite) {
    throw std::runtime_error("response does not echo the request's TID, SEQ, TXN and SUITE");
  }
  Response response;
  if ((h.flags & flag_secured) == 0) {
    response.body = nlohmann::json::parse(f.payload.begin(), f.payload.end());
    if (response.code() == "A2" && response.body.contains("next_seq")) {
      const auto next = response.body["next_seq"].get<std::int64_t>();
      if (next - 1 > last_seq_) last_seq_ = static_cast<std::uint32_t>(next - 1);  // raise, never lower
    }
    return response;
  }
  if (h.kver != last_keys_.kver) throw std::runtime_error("secured response under another key version");
  const auto opened = open_secured_frame(f, suite_, last_keys_.encryption, last_keys_.mac);
  if (opened.status != Opened::Status::ok) throw std::runtime_error("secured response fails its MAC or padding");
  response.secured = true;
  response.body = nlohmann::json::parse(opened.plaintext);
  if (response.code() == "00" && h.txn == txn_sign_on) adopt_working_keys(response.body);
  if (response.code() == "00" && h.txn == txn_sign_off) forget_working_keys();
  return response;
}

void TerminalClient::adopt_working_keys(const nlohmann::json& body) {
  auto tdk = unwrap_key(suite_, tmk_, key_from_hex(body, "tdk"));
  auto tak = unwrap_key(suite_, tmk_, key_from_hex(body, "tak"));
  if (key_check_value(suite_, tdk) != body.value("tdk_kcv", "") ||
      key_check_value(suite_, tak) != body.value("tak_kcv", "")) {
    throw std::runtime_error("SIGN_ON response: a working key does not match its KCV");
  }
  const int version = body.value("key_version", 0);
  if (version < 1 || version > 255) throw std::runtime_error("SIGN_ON response: key_version out of range");
  tdk_ = std::move(tdk);
  tak_ = std::move(tak);
  key_version_ = static_cast<std::uint8_t>(version);
  const auto next_seq = body.value("next_seq", std::int64_t{0});
  if (next_seq - 1 > last_seq_) last_seq_ = static_cast<std::uint32_t>(next_seq - 1);
}

}  // namespace mstation::hhu
