// 0001 SIGN_ON (签到): checks the operator, then issues a fresh TDK/TAK bundle
// under the next key version, wrapped under the terminal's TMK.
#include <fmt/format.h>

#include "mstation/common/printable.hpp"
#include "mstation/common/secret.hpp"
#include "mstation/store/alert_store.hpp"
#include "mstation/store/operator_store.hpp"
#include "mstation/store/terminal_store.hpp"
#include "mstation/store/working_key_store.hpp"
#include "mstation/txn/business.hpp"
#include "mstation/txn/handler.hpp"

namespace mstation::txn {
namespace {

// A terminal whose failed sign-ons in the window reached the limit.
bool terminal_refused(pqxx::transaction_base& tx, const std::string& tid, TimePoint now) {
  return store::terminal_sign_on_failures(tx, tid, now - lockout_window) >= terminal_sign_on_failures_allowed;
}

// Every failed sign-on counts against the terminal too; the one that
// reaches the limit raises an alert.
void count_against_terminal(HandlerContext& ctx, const std::string& operator_id) {
  store::record_terminal_sign_on_failure(ctx.tx, ctx.terminal.tid, printable(operator_id), ctx.now);
  if (store::terminal_sign_on_failures(ctx.tx, ctx.terminal.tid, ctx.now - lockout_window) ==
      terminal_sign_on_failures_allowed) {
    store::raise_alert(ctx.tx, store::Severity::warning, "terminal_sign_on_locked", ctx.terminal.tid,
                       fmt::format("terminal {} refused sign-on for {} minutes after {} failed sign-ons (last id "
                                   "{}): a handheld trying operator ids?",
                                   ctx.terminal.tid, lockout_window.count(), terminal_sign_on_failures_allowed,
                                   printable(operator_id)));
  }
}

// A wrong password: counted under the operator's row lock so that five
// attempts spread over several instances still lock.
nlohmann::json wrong_password(HandlerContext& ctx, const std::string& operator_id) {
  count_against_terminal(ctx, operator_id);
  const int failures = store::record_login_failure(ctx.tx, operator_id, ctx.terminal.tid, ctx.now,
                                                   ctx.now - lockout_window);
  if (failures < lockout_failures) return reply(codes::bad_credentials);
  store::lock_operator_until(ctx.tx, operator_id, ctx.now + lockout_duration);
  store::raise_alert(ctx.tx, store::Severity::warning, "operator_locked", operator_id,
                     fmt::format("operator {} locked for {} minutes after {} wrong passwords (last from terminal {})",
                                 operator_id, lockout_duration.count(), failures, ctx.terminal.tid));
  return reply(codes::operator_locked);
}

// The verdict computed before the write-ahead if it was computed against
// the hash this row holds now, else computed here (a password changed in
// between: rare, and then correct rather than fast).
bool password_matches(const HandlerContext& ctx, const std::string& password, const PasswordHash& stored) {
  if (ctx.password != nullptr && ctx.password->has_value()) {
    const auto& v = **ctx.password;
    if (v.checked_against.hash == stored.hash && v.checked_against.salt == stored.salt &&
        v.checked_against.iterations == stored.iterations) {
      return v.matches;
    }
  }
  return verify_password(password, stored);
}

const PasswordHash& decoy_hash() {
  static const PasswordHash decoy = hash_password("decoy");
  return decoy;
}

int next_key_version(int current) { return current % 255 + 1; }

nlohmann::json issue_working_keys(HandlerContext& ctx, const store::OperatorRecord& op) {
  const auto terminal = store::lock_terminal(ctx.tx, ctx.terminal.tid);
  const hhu::Suite suite = terminal->suite;
  const int version = next_key_version(terminal->key_version);
  const auto tdk = hhu::generate_key(suite);
  const auto tak = hhu::generate_key(suite);
  const std::string context = fmt::format("{}:{}", terminal->tid, version);

  store::WorkingKeyRecord record;
  record.tid = terminal->tid;
  record.key_version = version;
  record.operator_id = op.operator_id;
  record.tdk_sealed = ctx.kek.seal(tdk, "tdk:" + context);
  record.tak_sealed = ctx.kek.seal(tak, "tak:" + context);
  record.kek_id = ctx.kek.current_id();
  record.issued_at = ctx.now;
  record.expires_at = ctx.now + ctx.settings.key_lifetime;
  store::store_working_key(ctx.tx, record);
  store::supersede_working_keys(ctx.tx, terminal->tid, version, ctx.now);
  store::set_key_version(ctx.tx, terminal->tid, version);

  const auto tmk = ctx.kek.open(terminal->tmk_sealed, terminal->kek_id, "tmk:" + terminal->tid);
  auto body = reply(codes::success);
  body["key_version"] = version;
  body["tdk"] = to_hex(hhu::wrap_key(suite, tmk, tdk));
  body["tdk_kcv"] = hhu::key_check_value(suite, tdk);
  body["tak"] = to_hex(hhu::wrap_key(suite, tmk, tak));
  body["tak_kcv"] = hhu::key_check_value(suite, tak);
  body["server_time"] = iso8601_china(ctx.now);
  body["business_date"] = business_date(ctx.now);
  body["next_seq"] = static_cast<std::int64_t>(ctx.header.seq) + 1;
  body["operator_name"] = op.name;
  return body;
}

}  // namespace

std::optional<PasswordVerdict> verify_sign_on_password(pqxx::transaction_base& reads, const nlohmann::json& request,
                                                       const std::string& tid, TimePoint now) {
  const auto operator_id = string_field(request, "operator_id");
  auto password = string_field(request, "password");
  if (!operator_id || !password) return std::nullopt;
  const WipedAtExit wiped(*password);
  if (terminal_refused(reads, tid, now)) return std::nullopt;  // no work for a terminal trying ids
  const auto op = store::find_operator(reads, *operator_id);
  if (!op || !op->enabled) {
    (void)verify_password(*password, decoy_hash());  // the same time as a real check
    return std::nullopt;
  }
  return PasswordVerdict{op->password, verify_password(*password, op->password)};
}

nlohmann::json handle_sign_on(HandlerContext& ctx) {
  const auto operator_id = string_field(ctx.request, "operator_id");
  auto password = string_field(ctx.request, "password");
  if (!operator_id || !password) return reply(codes::format_error);
  const WipedAtExit wiped(*password);

  if (terminal_refused(ctx.tx, ctx.terminal.tid, ctx.now)) {
    return refusal(codes::operator_locked,
                   fmt::format("terminal {}: {} failed sign-ons in {} minutes; wait, or ask the office",
                               ctx.terminal.tid, terminal_sign_on_failures_allowed, lockout_window.count()));
  }
  const auto op = store::lock_operator(ctx.tx, *operator_id);
  // Unknown, disabled, or of another 供电所: the same answer as a wrong
  // password, after the same work, so neither the code nor the time tells
  // which operator ids exist.
  if (!op || !op->enabled || op->station != ctx.terminal.station) {
    if (ctx.password == nullptr) (void)verify_password(*password, decoy_hash());  // else spent before
    count_against_terminal(ctx, *operator_id);
    return reply(codes::bad_credentials);
  }
  if (op->locked_until && ctx.now < *op->locked_until) return reply(codes::operator_locked);
  if (!password_matches(ctx, *password, op->password)) return wrong_password(ctx, *operator_id);
  store::clear_login_failures(ctx.tx, *operator_id);
  return issue_working_keys(ctx, *op);
}

void wipe_sign_on_password(nlohmann::json& request) {
  const auto it = request.find("password");
  if (it == request.end() || !it->is_string()) return;
  auto& text = it->get_ref<std::string&>();
  cleanse(text.data(), text.size());
  *it = "***";
}

}  // namespace mstation::txn
