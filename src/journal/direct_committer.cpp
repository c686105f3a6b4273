#include <pqxx/pqxx>

#include "mstation/journal/commit_errors.hpp"
#include "mstation/journal/committer.hpp"

namespace mstation::journal {

DirectCommitter::DirectCommitter(pqxx::connection& connection, std::string chain)
    : connection_(connection), appender_(std::move(chain)) {}

void DirectCommitter::commit(const WriteOp& op) {
  try {
    pqxx::work tx(connection_);
    if (!durable_) tx.exec("SET LOCAL synchronous_commit TO off");
    tx.exec_params("SELECT pg_advisory_xact_lock(hashtext('mstation.journal:' || $1))", appender_.chain());
    appender_.forget();  // other writers may have appended since
    appender_.begin(tx);
    std::vector<Entry> entries;
    op(tx, entries);
    appender_.append(tx, entries);
    tx.commit();
    appender_.committed();
  } catch (const pqxx::in_doubt_error& e) {
    throw CommitInDoubt(std::string("connection lost during the commit: ") + e.what());
  }
}

}  // namespace mstation::journal
