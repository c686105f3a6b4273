#pragma once
// The handheld's side of HHU/1, written from hhu-protocol.md alone: builds
// secured requests, checks and opens responses, adopts the working keys a
// SIGN_ON returns. Used by hhu-sim and by the tests; no sockets here.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "mstation/common/china_time.hpp"
#include "mstation/common/secret.hpp"
#include "mstation/hhu/frame.hpp"

namespace mstation::hhu {

struct Response {
  bool secured = false;  // false: a plain protocol-error frame, advisory only
  nlohmann::json body;   // {"code": ..., "message": ..., ...}
  std::string code() const { return body.value("code", ""); }
};

class TerminalClient {
 public:
  TerminalClient(std::string tid, Suite suite, SecretBytes tmk, std::uint32_t last_seq = 0);

  // The next request: SEQ + 1, TIME = now, under the working keys if signed
  // on (KVER 00 for SIGN_ON, and for ECHO before sign-on).
  Bytes request(std::uint16_t txn, const nlohmann::json& body, TimePoint now);
  // Builds with an explicit SEQ and key version, for tests of stale and forged frames.
  Bytes request_with(std::uint16_t txn, const nlohmann::json& body, TimePoint now, std::uint32_t seq,
                     std::uint8_t kver);

  // Checks the response answers the last request (TID, SEQ, TXN, SUITE, FLAGS)
  // and its MAC, then decrypts. A SIGN_ON success installs the new keys (after
  // checking their KCVs); an A2 raises the SEQ to next_seq. Throws
  // std::runtime_error on a response that fails any check.
  Response open(std::span<const std::uint8_t> raw);

  struct WorkingKeys {
    std::uint8_t version = 0;
    SecretBytes tdk;
    SecretBytes tak;
  };
  // For a handheld that keeps its keys across power cycles (hhu-sim's state file).
  std::optional<WorkingKeys> working_keys() const;
  void install_working_keys(WorkingKeys keys);

  const std::string& tid() const { return tid_; }
  std::uint32_t last_seq() const { return last_seq_; }
  void set_last_seq(std::uint32_t seq) { last_seq_ = seq; }
  std::uint8_t key_version() const { return key_version_; }
  bool signed_on() const { return key_version_ != 0; }
  void forget_working_keys();

 private:
  struct KeysUsed {
    std::uint8_t kver = 0;
    SecretBytes encryption;
    SecretBytes mac;
  };
  KeysUsed keys_for(std::uint16_t txn, std::uint8_t kver) const;
  void adopt_working_keys(const nlohmann::json& body);

  std::string tid_;
  Suite suite_;
  SecretBytes tmk_;
  std::uint32_t last_seq_;
  std::uint8_t key_version_ = 0;
  SecretBytes tdk_;
  SecretBytes tak_;
  // The last request, to match and open its response.
  Header last_header_;
  KeysUsed last_keys_;
};

}  // namespace mstation::hhu
