#include "admin_action.hpp"

#include <pqxx/pqxx>

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
  const auto user = os_user();
  audit::run_admin_action(connection, {user, args.value("by").value_or(user), args.value("reason").value_or("")},
                          work);
}

}  // namespace mstation::cli
