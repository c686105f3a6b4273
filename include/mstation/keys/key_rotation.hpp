#pragma once
// `mstation keys rotate-kek`: a new KEK, every sealed key re-sealed under it
// in one database transaction, then the files swapped.
//
// Order, so that a crash at any point leaves every key readable:
//   1. write the new KEK to FILE.next (0600, fsynced);
//   2. re-seal every terminal and working key in one transaction, commit;
//   3. FILE → FILE.previous, FILE.next → FILE.
// KekRing::load reads FILE, FILE.next and FILE.previous, and each stored key
// names its KEK, so after a crash between 1 and 3 both generations still open.
#include <filesystem>
#include <functional>
#include <pqxx/transaction_base>
#include <string>

namespace mstation::keys {

struct RotationResult {
  std::string new_kek_id;
  int terminal_keys = 0;
  int working_keys = 0;
};

// Re-seals every stored key inside the transaction it is given.
using Reseal = std::function<RotationResult(pqxx::transaction_base&)>;
// Runs a Reseal in one transaction and commits it (so the caller can journal
// the rotation in the same transaction). It throws journal::CommitInDoubt or
// pqxx::in_doubt_error when the commit may have happened, anything else when
// it did not.
using ResealInTransaction = std::function<void(const Reseal&)>;

RotationResult rotate_kek(const std::filesystem::path& kek_file, const ResealInTransaction& run);

}  // namespace mstation::keys
