#include "mstation/store/operator_store.hpp"

#include <pqxx/pqxx>

#include "mstation/store/bytea.hpp"
#include "mstation/store/prepared.hpp"
#include "mstation/store/timestamps.hpp"

namespace mstation::store {
namespace {

constexpr const char* columns =
    "operator_id, name, station, enabled, password_hash, password_salt, password_iterations, "
    "(extract(epoch FROM locked_until) * 1e6)::bigint";

OperatorRecord from_row(const pqxx::row& r) {
  OperatorRecord o;
  o.operator_id = r[0].as<std::string>();
  o.name = r[1].as<std::string>();
  o.station = r[2].as<std::string>();
  o.enabled = r[3].as<bool>();
  o.password.hash = bytes_of(r[4]);
  o.password.salt = bytes_of(r[5]);
  o.password.iterations = r[6].as<int>();
  o.locked_until = optional_time(r[7]);
  return o;
}

std::optional<OperatorRecord> select_one(pqxx::transaction_base& tx, const std::string& id, const char* suffix) {
  const auto r = exec_prepared(
      tx, std::string("SELECT ") + columns + " FROM mstation.operator WHERE operator_id = $1" + suffix, id);
  if (r.empty()) return std::nullopt;
  return from_row(r[0]);
}

}  // namespace

std::optional<OperatorRecord> find_operator(pqxx::transaction_base& tx, const std::string& operator_id) {
  return select_one(tx, operator_id, "");
}

std::optional<OperatorRecord> lock_operator(pqxx::transaction_base& tx, const std::string& operator_id) {
  return select_one(tx, operator_id, " FOR UPDATE");
}

void insert_operator(pqxx::transaction_base& tx, const OperatorRecord& o) {
  exec_prepared(tx,
                "INSERT INTO mstation.operator (operator_id, name, station, enabled, password_hash, password_salt, "
                "password_iterations) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                o.operator_id, o.name, o.station, o.enabled, as_bytea(o.password.hash), as_bytea(o.password.salt),
                o.password.iterations);
}

bool set_operator_enabled(pqxx::transaction_base& tx, const std::string& operator_id, bool enabled) {
  return exec_prepared(tx, "UPDATE mstation.operator SET enabled = $2, updated_at = now() WHERE operator_id = $1",
                       operator_id, enabled)
             .affected_rows() == 1;
}

bool set_operator_password(pqxx::transaction_base& tx, const std::string& operator_id,
                           const PasswordHash& password) {
  const bool changed = exec_prepared(tx,
                                     "UPDATE mstation.operator SET password_hash = $2, password_salt = $3, "
                                     "password_iterations = $4, locked_until = NULL, updated_at = now() "
                                     "WHERE operator_id = $1",
                                     operator_id, as_bytea(password.hash), as_bytea(password.salt), password.iterations)
                           .affected_rows() == 1;
  if (changed) clear_login_failures(tx, operator_id);
  return changed;
}

int record_login_failure(pqxx::transaction_base& tx, const std::string& operator_id, const std::string& tid,
                         TimePoint at, TimePoint since) {
  exec_prepared(tx,
                "INSERT INTO mstation.operator_login_failure (operator_id, tid, failed_at) "
                "VALUES ($1, $2, (timestamptz 'epoch' + $3 * interval '1 microsecond'))",
                operator_id, tid, epoch_us(at));
  return exec_prepared1(tx,
                        "SELECT count(*) FROM mstation.operator_login_failure "
                        "WHERE operator_id = $1 AND failed_at > (timestamptz 'epoch' + $2 * interval '1 microsecond')",
                        operator_id, epoch_us(since))[0]
      .as<int>();
}

void lock_operator_until(pqxx::transaction_base& tx, const std::string& operator_id, TimePoint until) {
  exec_prepared(tx,
                "UPDATE mstation.operator SET locked_until = (timestamptz 'epoch' + $2 * interval '1 microsecond'), "
                "updated_at = now() "
                "WHERE operator_id = $1",
                operator_id, epoch_us(until));
}

void clear_login_failures(pqxx::transaction_base& tx, const std::string& operator_id) {
  exec_prepared(tx, "DELETE FROM mstation.operator_login_failure WHERE operator_id = $1", operator_id);
}

void record_terminal_sign_on_failure(pqxx::transaction_base& tx, const std::string& tid,
                                     const std::string& operator_id, TimePoint at) {
  exec_prepared(tx,
                "INSERT INTO mstation.terminal_sign_on_failure (tid, failed_at, operator_id) "
                "VALUES ($1, (timestamptz 'epoch' + $2 * interval '1 microsecond'), $3)",
                tid, epoch_us(at), operator_id);
}

int terminal_sign_on_failures(pqxx::transaction_base& tx, const std::string& tid, TimePoint since) {
  return exec_prepared1(tx,
                        "SELECT count(*) FROM mstation.terminal_sign_on_failure "
                        "WHERE tid = $1 AND failed_at > (timestamptz 'epoch' + $2 * interval '1 microsecond')",
                        tid, epoch_us(since))[0]
      .as<int>();
}

}  // namespace mstation::store
