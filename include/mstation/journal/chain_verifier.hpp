#pragma once
// Recomputes a journal chain from the stored columns and names the first row
// whose position, prev_hash or row_hash does not follow (the core of
// `mstation audit verify`).
#include <cstdint>
#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

namespace mstation::journal {

struct ChainCheck {
  std::string chain;
  std::int64_t rows = 0;
  std::optional<std::int64_t> first_broken;  // chain_pos of the first bad row
  std::string reason;
};

ChainCheck verify_chain(pqxx::transaction_base& tx, const std::string& chain);
std::vector<std::string> list_chains(pqxx::transaction_base& tx);

}  // namespace mstation::journal
