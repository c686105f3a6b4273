#pragma once
// The journal rows of one terminal exchange: the request as received and as
// decrypted, the answer as decided and as sent.
#include <nlohmann/json.hpp>
#include <string>

#include "checked_request.hpp"
#include "mstation/journal/entry.hpp"

namespace mstation::txn {

std::string json_text(const nlohmann::json& j);

journal::Entry request_raw_entry(const Exchange& exchange, const hhu::Frame& frame, const std::string& note);
// The decrypted request (masked), or a row saying why there is none.
journal::Entry request_clear_entry(const Checked& c);
journal::Entry response_clear_entry(const Exchange& exchange, const hhu::Frame& frame, const Outcome& o);
// The bytes sent, and how long after accept they were ready.
journal::Entry response_raw_entry(const Exchange& exchange, const hhu::Frame& frame, const Outcome& o);

// SUITE 01 keys count cipher blocks (hhu-protocol.md §3); AES does not.
std::uint64_t cipher_blocks_of(const Checked& c, std::size_t mac_input, std::size_t ciphertext);

}  // namespace mstation::txn
