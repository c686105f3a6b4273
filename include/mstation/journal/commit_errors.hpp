#pragma once
// What a commit can end in besides success, as types (Kea's db_exceptions.h):
// the caller decides from the type alone whether anything may have been
// written. An operation's own exception (a constraint, a handler's error)
// reaches its caller unchanged and means that operation wrote nothing.
#include <stdexcept>

namespace mstation::journal {

// No connection could be had: nothing was written.
class DatabaseUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The commit may or may not have happened: the connection was lost while the
// transaction ran or committed, or the commit did not finish within its
// deadline (database.commit_timeout_ms). Never retried, never answered as
// "nothing was done": the caller finds out from the database later.
class CommitInDoubt : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The transaction was rolled back as a whole (the commit itself failed):
// nothing of it was written.
class CommitFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace mstation::journal
