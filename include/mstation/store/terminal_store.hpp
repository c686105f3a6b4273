#pragma once
// Rows of mstation.terminal: enrolled handhelds, their sealed TMK and SEQ state.
#include <cstdint>
#include <optional>
#include <pqxx/row>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "mstation/common/hex.hpp"
#include "mstation/hhu/crypto.hpp"

namespace mstation::store {

struct TerminalRecord {
  std::string tid;
  std::string bound_ip;
  hhu::Suite suite = hhu::Suite::tdea;
  std::string station;
  bool enabled = true;
  Bytes tmk_sealed;
  std::string tmk_kcv;
  std::string kek_id;
  int seq_epoch = 1;
  std::int64_t highest_seq = 0;
  int key_version = 0;
};

// The columns of a TerminalRecord, in the order terminal_from_row reads them
// from column `first` on (for queries that join a terminal with more).
extern const char* const terminal_columns;
TerminalRecord terminal_from_row(const pqxx::row& row, int first);

std::optional<TerminalRecord> find_terminal(pqxx::transaction_base& tx, const std::string& tid);
// FOR UPDATE: serialises sign-ons and SEQ changes of one terminal across instances.
std::optional<TerminalRecord> lock_terminal(pqxx::transaction_base& tx, const std::string& tid);
std::vector<TerminalRecord> list_terminals(pqxx::transaction_base& tx);

void insert_terminal(pqxx::transaction_base& tx, const TerminalRecord& t);
bool set_terminal_enabled(pqxx::transaction_base& tx, const std::string& tid, bool enabled);
// A new TMK (rekey or KEK rotation). Returns false if the terminal is unknown.
bool replace_tmk(pqxx::transaction_base& tx, const std::string& tid, const Bytes& sealed, const std::string& kcv,
                 const std::string& kek_id);
// Starts a new SEQ epoch at highest_seq 0; returns the new epoch.
std::optional<int> start_new_seq_epoch(pqxx::transaction_base& tx, const std::string& tid);
// Raises highest_seq to seq if seq is above it in that epoch; false otherwise
// (someone else took that SEQ, or it is stale).
bool advance_highest_seq(pqxx::transaction_base& tx, const std::string& tid, int epoch, std::uint32_t seq);
void set_key_version(pqxx::transaction_base& tx, const std::string& tid, int version);

}  // namespace mstation::store
