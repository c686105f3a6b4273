#include "mstation/audit/admin_action.hpp"

#include <pqxx/pqxx>

#include "mstation/journal/committer.hpp"

namespace mstation::audit {

void run_admin_action(pqxx::connection& connection, const Actor& actor,
                      const std::function<void(pqxx::transaction_base&, AdminAction&)>& work) {
  journal::DirectCommitter writes(connection, admin_chain);
  writes.commit([&](pqxx::transaction_base& tx, std::vector<journal::Entry>& journal) {
    AdminAction a;
    work(tx, a);
    if (a.action.empty()) return;  // it found nothing to change
    journal::Entry e;
    e.kind = a.action;
    e.tid = a.tid;
    e.seq = a.seq;
    e.txn = a.txn;
    e.decoded = nlohmann::json{{"os_user", actor.os_user},
                               {"by", actor.by},
                               {"database_role", tx.exec("SELECT session_user")[0][0].as<std::string>()},
                               {"reason", actor.reason},
                               {"before", a.before},
                               {"after", a.after}}
                    .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    e.note = "mstation " + a.action;
    journal.push_back(std::move(e));
  });
}

}  // namespace mstation::audit
