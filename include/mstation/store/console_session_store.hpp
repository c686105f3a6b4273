#pragma once
// Rows of mstation.console_session: a logged-in console user's session,
// found by the SHA-256 of its cookie (the cookie itself is never stored),
// with the CSRF token that every state-changing request must carry. A
// session idle longer than the timeout is gone.
#include <optional>
#include <pqxx/transaction_base>
#include <string>

#include "mstation/common/sha256.hpp"

namespace mstation::store {

struct ConsoleSession {
  std::string login;
  std::string role;
  std::optional<std::string> station;
  std::string csrf_token;
};

// Also deletes the sessions idle longer than `idle_timeout_s` (at login, not on every request).
void insert_console_session(pqxx::transaction_base& tx, const Sha256Digest& token_sha256, const std::string& login,
                            const std::string& csrf_token, const std::string& peer, int idle_timeout_s);
// The session, if it exists, was used within `idle_timeout_s` and its user
// is still enabled; finding it counts as using it.
std::optional<ConsoleSession> use_console_session(pqxx::transaction_base& tx, const Sha256Digest& token_sha256,
                                                  int idle_timeout_s);
void delete_console_session(pqxx::transaction_base& tx, const Sha256Digest& token_sha256);

}  // namespace mstation::store
