#pragma once
// Appends entries to one writer's chain inside the caller's transaction. The
// head advances only when the caller says its transaction committed; after a
// failed or in-doubt commit, forget() makes the next append re-read the head
// from the database.
#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "mstation/journal/chain.hpp"
#include "mstation/journal/entry.hpp"

namespace mstation::journal {

class Appender {
 public:
  explicit Appender(std::string chain) : chain_(std::move(chain)) {}

  // Inserts the entries after the tentative head, which advances past them.
  void append(pqxx::transaction_base& tx, const std::vector<Entry>& entries);

  // Mark point inside a transaction, to undo the appends of a rolled-back savepoint.
  ChainHead tentative() const { return tentative_; }
  void rewind(const ChainHead& head) { tentative_ = head; }

  void committed() { head_ = tentative_; }
  void forget() { known_ = false; }
  // Starts a transaction's appends from the committed head.
  void begin(pqxx::transaction_base& tx);

  const std::string& chain() const { return chain_; }

 private:
  std::string chain_;
  bool known_ = false;
  ChainHead head_;
  ChainHead tentative_;
};

ChainHead read_chain_head(pqxx::transaction_base& tx, const std::string& chain,
                          std::int64_t before = std::numeric_limits<std::int64_t>::max());

}  // namespace mstation::journal
