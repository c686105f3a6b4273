#include "admin_action.hpp"

#include <pqxx/pqxx>

#include "mstation/journal/committer.hpp"
#include "os_user.hpp"

namespace mstation::cli {

OptionSpec by_option() { return {"by", true, "who is acting, for the journal (default: the OS user)"}; }
OptionSpec reason_option() { return {"reason", true, "why, for the journal"}; }

std::string reason_of(const Arguments& args) { return required(args, "reason"); }

void run_admin_action(const config::Config& config, const Arguments& args,
                      const std::function<void(pqxx::transaction_base&, AdminAction&)>& work) {
  run_admin_action(config.admin_conninfo(), args, work);
}

void run_admin_action(const std::string& conninfo, const Arguments& args,
                      const std::function<void(pqxx::transaction_base&, AdminAction&)>& work) {
  pqxx::connection connection(conninfo);
  journal::DirectCommitter writes(connection, admin_chain);
  writes.commit([&](pqxx::transaction_base& tx, std::vector<journal::Entry>& journal) {
    AdminAction a;
    work(tx, a);
    if (a.action.empty()) return;  // it found nothing to change
    const auto user = os_user();
    journal::Entry e;
    e.kind = a.action;
    e.tid = a.tid;
    e.seq = a.seq;
    e.txn = a.txn;
    e.decoded = nlohmann::json{{"os_user", user},
                               {"by", args.value("by").value_or(user)},
                               {"database_role", tx.exec("SELECT session_user")[0][0].as<std::string>()},
                               {"reason", args.value("reason").value_or("")},
                               {"before", a.before},
                               {"after", a.after}}
                    .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    e.note = "mstation " + a.action;
    journal.push_back(std::move(e));
  });
}

}  // namespace mstation::cli
