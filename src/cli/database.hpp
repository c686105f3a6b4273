#pragma once
// CLI commands' database access: one connection, one transaction, committed
// only if the work returns normally.
#include <functional>
#include <pqxx/pqxx>

#include "mstation/config/config.hpp"

namespace mstation::cli {

void in_transaction(const config::Config& config, const std::function<void(pqxx::work&)>& work);

}  // namespace mstation::cli
