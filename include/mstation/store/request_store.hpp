#pragma once
// Rows of mstation.terminal_request: one per accepted (terminal, SEQ epoch,
// SEQ), holding the exact response for retransmissions.
#include <cstdint>
#include <optional>
#include <pqxx/row>
#include <pqxx/transaction_base>
#include <string>

#include "mstation/common/hex.hpp"
#include "mstation/common/sha256.hpp"

namespace mstation::store {

struct RequestKey {
  std::string tid;
  int seq_epoch = 1;
  std::uint32_t seq = 0;
};

struct RequestRecord {
  Sha256Digest request_sha256{};
  bool answered = false;
  Bytes response_frame;
  std::string response_code;
};

// The columns of a RequestRecord, read by request_from_row from column `first` on.
extern const char* const request_columns;
RequestRecord request_from_row(const pqxx::row& row, int first);

// The request with these bytes (digest) at this SEQ, in any SEQ epoch: a frame
// accepted before a `terminal reset-seq` is still a retransmission, not new.
std::optional<RequestRecord> find_request(pqxx::transaction_base& tx, const std::string& tid, std::uint32_t seq,
                                          const Sha256Digest& digest);
// False if that key is already taken.
bool reserve_request(pqxx::transaction_base& tx, const RequestKey& key, const std::string& txn,
                     const Sha256Digest& request_sha256, const std::string& instance);
// Takes a SEQ in one statement: raises the terminal's highest SEQ (only
// upwards), reserves the request's row and counts its cipher blocks against
// working key `key_version` (0 = none). False, having changed nothing that
// the caller's rollback does not undo, if the SEQ was not above the highest.
bool take_seq(pqxx::transaction_base& tx, const RequestKey& key, const std::string& txn,
              const Sha256Digest& request_sha256, const std::string& instance, int key_version, std::uint64_t blocks);
// Locks the request's row until the transaction ends.
void lock_request(pqxx::transaction_base& tx, const RequestKey& key);
// Stores the answer; false if the request was already answered (the first answer stands).
bool answer_request(pqxx::transaction_base& tx, const RequestKey& key, const Bytes& response_frame,
                    const std::string& code);

}  // namespace mstation::store
