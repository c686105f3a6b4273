#include "database.hpp"

namespace mstation::cli {

void in_transaction(const config::Config& config, const std::function<void(pqxx::work&)>& work) {
  pqxx::connection connection(config.admin_conninfo());
  pqxx::work tx(connection);
  work(tx);
  tx.commit();
}

}  // namespace mstation::cli
