#pragma once
// Statements the station runs on every frame, run as prepared statements:
// the first use on a connection prepares the text (one round trip, once per
// connection), every later use skips PostgreSQL's parsing and analysis and,
// once the server settles on a generic plan, its planning too — about half
// of what PostgreSQL spent per payment when every statement was parsed anew
// (docs/performance.md).
//
// The statement's name is derived from its text, so one text is one
// prepared statement per connection wherever it is used. Only for texts that
// carry no values (values go in parameters): a text that varied with data
// would prepare without bound. A text that takes one of a few shapes (the
// journal's rows per INSERT) is one statement per shape.
#include <pqxx/transaction_base>
#include <string>
#include <string_view>
#include <utility>

namespace mstation::store {

// "ms_" and 16 hex digits of the text's FNV-1a hash. Two texts with one name
// would make libpqxx refuse the second (an error, never the wrong statement).
std::string statement_name(std::string_view sql);

template <typename... Args>
pqxx::result exec_prepared(pqxx::transaction_base& tx, const std::string& sql, Args&&... args) {
  const std::string name = statement_name(sql);
  tx.conn().prepare(name, sql);  // a lookup when the connection has it already
  return tx.exec_prepared(name, std::forward<Args>(args)...);
}

// The same, expecting exactly one row (pqxx::unexpected_rows otherwise).
template <typename... Args>
pqxx::row exec_prepared1(pqxx::transaction_base& tx, const std::string& sql, Args&&... args) {
  const pqxx::result r = exec_prepared(tx, sql, std::forward<Args>(args)...);
  if (r.size() != 1) throw pqxx::unexpected_rows("expected 1 row from a prepared statement, got " + std::to_string(r.size()));
  return r[0];
}

}  // namespace mstation::store
