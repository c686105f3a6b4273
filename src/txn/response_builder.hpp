#pragma once
// Answers: a plain refusal (A-codes, before any key is trusted), a secured
// answer stored as the request's response in the caller's transaction, and
// the commit that journals a refusal before it is sent.
#include <nlohmann/json.hpp>
#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "checked_request.hpp"
#include "mstation/journal/committer.hpp"
#include "mstation/txn/codes.hpp"

namespace mstation::txn {

// FLAGS 01, KVER 00: {"code", "message"[, "next_seq"]} in clear.
Outcome plain_refusal(const hhu::Frame& frame, TimePoint now, const Code& code, const std::string& reason,
                      std::optional<std::int64_t> next_seq = std::nullopt);

// Encrypts and MACs `body` under the request's keys, stores it as the
// request's answer (throws AlreadyAnswered if one is stored: the first
// stands), counts its cipher blocks and journals it, clear then raw.
Outcome secured_answer(pqxx::transaction_base& tx, const Checked& c, const nlohmann::json& body,
                       const std::string& note, std::vector<journal::Entry>& journal);

// Refusals and stored answers: the request and what is sent, in one commit,
// before anything is sent. If the journal cannot be written, close instead.
Outcome journal_refusal(journal::Committer& writes, const Exchange& exchange, const hhu::Frame& frame, Outcome o);

}  // namespace mstation::txn
