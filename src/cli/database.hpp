#pragma once
// CLI commands' database reads: one connection as the administrator role
// (database.admin_conninfo), one transaction, committed only if the work
// returns normally. Changes go through run_admin_action (admin_action.hpp),
// which journals them.
#include <functional>
#include <pqxx/pqxx>

#include "mstation/config/config.hpp"

namespace mstation::cli {

void in_transaction(const config::Config& config, const std::function<void(pqxx::work&)>& work);

}  // namespace mstation::cli
