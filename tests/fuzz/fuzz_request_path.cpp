// libFuzzer target: the request path short of the database — frame parsing,
// MAC verification, decryption, JSON, field checks and masking — under fixed
// keys. Half the inputs are taken as a whole frame (MAC forgery must fail);
// the other half as a payload that is wrapped in a correctly secured frame, so
// the fuzzer reaches decryption and JSON parsing too.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <span>

#include "mstation/hhu/frame.hpp"
#include "mstation/txn/handler.hpp"
#include "mstation/txn/masking.hpp"

namespace {

using namespace mstation;

const SecretBytes& encryption_key() {
  static const SecretBytes key = to_secret(*from_hex("0E2C4A6886A4C2E0F1D3B597795B3D1F0F1E2D3C4B5A6978"));
  return key;
}
const SecretBytes& mac_key() {
  static const SecretBytes key = to_secret(*from_hex("F1D3B597795B3D1F0E2C4A6886A4C2E0F0E1D2C3B4A59687"));
  return key;
}

void inspect(const nlohmann::json& request) {
  (void)txn::mask_secrets(request);
  (void)txn::string_field(request, "operator_id");
  (void)txn::string_field(request, "password");
}

void open_and_parse(const hhu::Frame& frame) {
  const auto opened = hhu::open_secured_frame(frame, hhu::Suite::tdea, encryption_key(), mac_key());
  if (opened.status != hhu::Opened::Status::ok) return;
  const auto request = nlohmann::json::parse(opened.plaintext, nullptr, false);
  if (request.is_discarded() || !request.is_object()) return;
  inspect(request);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::span<const std::uint8_t> rest(data + 1, size - 1);
  if (data[0] % 2 == 0) {
    auto parsed = hhu::parse_frame(rest);
    if (auto* frame = std::get_if<hhu::Frame>(&parsed)) open_and_parse(*frame);
    return 0;
  }
  if (rest.size() > hhu::max_payload - 16) return 0;
  hhu::Header h;
  h.flags = hhu::flag_secured;
  h.suite = 0x01;
  h.tid = "51010001";
  h.seq = 8;
  h.txn = 0x0001;
  const std::string payload(rest.begin(), rest.end());
  const Bytes raw = hhu::build_secured_frame(h, hhu::Suite::tdea, encryption_key(), mac_key(), payload);
  auto parsed = hhu::parse_frame(raw);
  const auto* frame = std::get_if<hhu::Frame>(&parsed);
  if (frame == nullptr) std::abort();  // we built it: it must parse
  const auto opened = hhu::open_secured_frame(*frame, hhu::Suite::tdea, encryption_key(), mac_key());
  if (opened.status != hhu::Opened::Status::ok || opened.plaintext != payload) std::abort();
  open_and_parse(*frame);
  return 0;
}
