#pragma once
// Which keys a request frame is under (hhu-protocol.md §3): the TMK variants
// for KVER 00 (SIGN_ON and ECHO only), otherwise a working-key bundle that is
// known, not voided, not expired, current or within its grace period, and —
// for SUITE 01 — under its cipher-block limit. Anything else is A1.
#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <variant>

#include "mstation/common/secret.hpp"
#include "mstation/hhu/frame.hpp"
#include "mstation/keys/kek.hpp"
#include "mstation/store/terminal_store.hpp"
#include "mstation/store/working_key_store.hpp"
#include "mstation/txn/settings.hpp"

namespace mstation::txn {

struct FrameKeys {
  SecretBytes encryption;
  SecretBytes mac;
  std::optional<store::WorkingKeyRecord> working;  // nullopt for KVER 00
};

// The keys, or the reason for A1, from records already read
// (store/frame_context): the frame's working key and whether its operator is enabled.
std::variant<FrameKeys, std::string> resolve_keys(const store::TerminalRecord& terminal, const hhu::Header& header,
                                                  std::optional<store::WorkingKeyRecord> working_key,
                                                  bool operator_enabled, const keys::KekRing& kek,
                                                  const Settings& settings, TimePoint now);

// The same, reading the working key and its operator in `tx`.
std::variant<FrameKeys, std::string> resolve_keys(pqxx::transaction_base& tx, const store::TerminalRecord& terminal,
                                                  const hhu::Header& header, const keys::KekRing& kek,
                                                  const Settings& settings, TimePoint now);

}  // namespace mstation::txn
