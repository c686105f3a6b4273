#pragma once
// A transaction handler: business rules over one decrypted request, inside the
// database transaction that also stores its response.
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>
#include <pqxx/transaction_base>

#include "mstation/common/china_time.hpp"
#include "mstation/common/password.hpp"
#include "mstation/hhu/frame.hpp"
#include "mstation/journal/entry.hpp"
#include "mstation/keys/kek.hpp"
#include "mstation/store/terminal_store.hpp"
#include "mstation/store/working_key_store.hpp"
#include "mstation/txn/codes.hpp"
#include "mstation/txn/settings.hpp"

namespace mstation::txn {

// SIGN_ON's password, verified before the write-ahead is queued (PBKDF2 is
// slow and must not run on a writer): the stored hash it was checked
// against, and whether it matched. The handler trusts it only if the row it
// locks still holds that hash.
struct PasswordVerdict {
  PasswordHash checked_against;
  bool matches = false;
};

// Reads on the caller's read connection, before anything is queued: nullopt
// when the operator is unknown (a decoy's time is spent here), and nullopt
// with no password work at all when terminal `tid` has failed sign-on
// terminal_sign_on_failures_allowed times in lockout_window before `now`.
std::optional<PasswordVerdict> verify_sign_on_password(pqxx::transaction_base& reads, const nlohmann::json& request,
                                                       const std::string& tid, TimePoint now);

// Once a sign-on has been answered: its password overwritten in the parsed
// request (which lives on with the request's record) and replaced by "***".
void wipe_sign_on_password(nlohmann::json& request);

struct HandlerContext {
  pqxx::transaction_base& tx;
  const store::TerminalRecord& terminal;
  const hhu::Header& header;
  const nlohmann::json& request;
  const std::optional<store::WorkingKeyRecord>& working_key;  // nullopt under KVER 00
  const keys::KekRing& kek;
  const Settings& settings;
  TimePoint now;
  // The commit's journal rows (an SG186 request is journaled with the
  // write-ahead that numbers it), and the connection's journal id.
  std::vector<journal::Entry>* journal = nullptr;
  std::int64_t exchange_id = 0;
  const std::optional<PasswordVerdict>* password = nullptr;  // SIGN_ON only
};

using Handler = std::function<nlohmann::json(HandlerContext&)>;

// A response body: {"code": ..., "message": ...}.
nlohmann::json reply(const Code& code);

// Required request fields; nullopt when missing or of the wrong type (→ code 30).
std::optional<std::string> string_field(const nlohmann::json& request, const char* name);

nlohmann::json handle_sign_on(HandlerContext& ctx);
nlohmann::json handle_sign_off(HandlerContext& ctx);
nlohmann::json handle_echo(HandlerContext& ctx);

// TXN → handler, for every transaction built so far.
const std::map<std::uint16_t, Handler>& handlers();

// Transactions a request left in progress by a dead process may be finished
// in its place: those that touch nothing outside this database run again;
// those answered through SG186 run again if their SG186 request was never
// written ahead, else finish as "in doubt" (design.md §2: a money
// transaction becomes unknown and is reversed).
bool may_take_over(std::uint16_t txn);

}  // namespace mstation::txn
