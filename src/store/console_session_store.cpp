#include "mstation/store/console_session_store.hpp"

#include <pqxx/pqxx>

#include "mstation/store/bytea.hpp"
#include "mstation/store/prepared.hpp"

namespace mstation::store {

void insert_console_session(pqxx::transaction_base& tx, const Sha256Digest& token_sha256, const std::string& login,
                            const std::string& csrf_token, const std::string& peer, int idle_timeout_s) {
  exec_prepared(tx, "DELETE FROM mstation.console_session WHERE last_seen_at < now() - $1 * interval '1 second'",
                idle_timeout_s);
  exec_prepared(tx,
                "INSERT INTO mstation.console_session (token_sha256, login, csrf_token, peer) VALUES ($1, $2, $3, $4)",
                as_bytea(token_sha256), login, csrf_token, peer);
}

std::optional<ConsoleSession> use_console_session(pqxx::transaction_base& tx, const Sha256Digest& token_sha256,
                                                  int idle_timeout_s) {
  const auto r = exec_prepared(tx,
                               "UPDATE mstation.console_session s SET last_seen_at = now() "
                               "FROM mstation.console_user u "
                               "WHERE s.token_sha256 = $1 AND u.login = s.login AND u.enabled "
                               "  AND s.last_seen_at >= now() - $2 * interval '1 second' "
                               "RETURNING u.login, u.role, u.station, s.csrf_token",
                               as_bytea(token_sha256), idle_timeout_s);
  if (r.empty()) return std::nullopt;
  ConsoleSession s;
  s.login = r[0][0].as<std::string>();
  s.role = r[0][1].as<std::string>();
  if (!r[0][2].is_null()) s.station = r[0][2].as<std::string>();
  s.csrf_token = r[0][3].as<std::string>();
  return s;
}

void delete_console_session(pqxx::transaction_base& tx, const Sha256Digest& token_sha256) {
  exec_prepared(tx, "DELETE FROM mstation.console_session WHERE token_sha256 = $1", as_bytea(token_sha256));
}

}  // namespace mstation::store
