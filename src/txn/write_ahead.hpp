#pragma once
// The write-ahead of a request: its SEQ taken (the terminal's highest SEQ
// raised, the request's row reserved, its cipher blocks counted) and the
// request journaled raw and decrypted — in the caller's transaction, which
// also holds whatever the handler decides, so that one commit makes both
// durable before SG186 is asked or the terminal answered.
#include <pqxx/transaction_base>
#include <vector>

#include "checked_request.hpp"
#include "mstation/journal/entry.hpp"
#include "mstation/txn/settings.hpp"

namespace mstation::txn {

// Throws SeqTaken if another request holds the SEQ (the caller's rollback
// undoes the rest).
void take_seq(pqxx::transaction_base& tx, const Checked& c, const Settings& settings,
              std::vector<journal::Entry>& journal);

}  // namespace mstation::txn
