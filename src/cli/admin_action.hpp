#pragma once
// The CLI's administrative actions (audit/admin_action.hpp): each runs as
// the administrator role (database.admin_conninfo), and its journal row
// names the OS user, --by NAME and --reason TEXT.
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <pqxx/transaction_base>
#include <string>

#include "command.hpp"
#include "mstation/audit/admin_action.hpp"

namespace mstation::cli {

using audit::admin_chain;
using audit::AdminAction;

// --by and --reason, for the commands that take them.
OptionSpec by_option();
OptionSpec reason_option();

// audit::run_admin_action on config.admin_conninfo(), as the OS user (or --by).
void run_admin_action(const config::Config& config, const Arguments& args,
                      const std::function<void(pqxx::transaction_base&, AdminAction&)>& work);

// The same as another role: `mstation maintain` journals its work as the owner.
void run_admin_action(const std::string& conninfo, const Arguments& args,
                      const std::function<void(pqxx::transaction_base&, AdminAction&)>& work);

// A reason is required: "--reason is required" otherwise.
std::string reason_of(const Arguments& args);

}  // namespace mstation::cli
