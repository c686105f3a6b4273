#pragma once
// Rows of mstation.operator (electricians) and their failed sign-ons.
#include <optional>
#include <pqxx/transaction_base>
#include <string>

#include "mstation/common/china_time.hpp"
#include "mstation/common/password.hpp"

namespace mstation::store {

struct OperatorRecord {
  std::string operator_id;
  std::string name;
  std::string station;
  bool enabled = true;
  PasswordHash password;
  std::optional<TimePoint> locked_until;
};

std::optional<OperatorRecord> find_operator(pqxx::transaction_base& tx, const std::string& operator_id);
// FOR UPDATE: wrong-password counting holds across instances.
std::optional<OperatorRecord> lock_operator(pqxx::transaction_base& tx, const std::string& operator_id);
void insert_operator(pqxx::transaction_base& tx, const OperatorRecord& o);
bool set_operator_enabled(pqxx::transaction_base& tx, const std::string& operator_id, bool enabled);
bool set_operator_password(pqxx::transaction_base& tx, const std::string& operator_id,
                           const PasswordHash& password);

// Records a wrong password and returns how many there were since `since`.
int record_login_failure(pqxx::transaction_base& tx, const std::string& operator_id, const std::string& tid,
                         TimePoint at, TimePoint since);
void lock_operator_until(pqxx::transaction_base& tx, const std::string& operator_id, TimePoint until);
void clear_login_failures(pqxx::transaction_base& tx, const std::string& operator_id);

// A failed sign-on on terminal `tid` (any operator id, known or not).
void record_terminal_sign_on_failure(pqxx::transaction_base& tx, const std::string& tid,
                                     const std::string& operator_id, TimePoint at);
// The terminal's failed sign-ons since `since`.
int terminal_sign_on_failures(pqxx::transaction_base& tx, const std::string& tid, TimePoint since);

}  // namespace mstation::store
