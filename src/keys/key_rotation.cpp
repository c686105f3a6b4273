#include "mstation/keys/key_rotation.hpp"

#include <pqxx/pqxx>
#include <stdexcept>

#include "mstation/journal/commit_errors.hpp"
#include "mstation/keys/kek.hpp"
#include "mstation/store/bytea.hpp"

namespace mstation::keys {
namespace {

namespace fs = std::filesystem;

int reseal_terminal_keys(pqxx::transaction_base& tx, const KekRing& old_ring, const KekRing& new_ring) {
  int count = 0;
  for (const auto& row : tx.exec("SELECT tid, tmk_wrapped, kek_id FROM mstation.terminal FOR UPDATE")) {
    const auto tid = row[0].as<std::string>();
    const auto context = "tmk:" + tid;
    const auto tmk = old_ring.open(store::bytes_of(row[1]), row[2].as<std::string>(), context);
    tx.exec_params("UPDATE mstation.terminal SET tmk_wrapped = $2, kek_id = $3 WHERE tid = $1", tid,
                   store::as_bytea(new_ring.seal(tmk, context)), new_ring.current_id());
    ++count;
  }
  return count;
}

int reseal_working_keys(pqxx::transaction_base& tx, const KekRing& old_ring, const KekRing& new_ring) {
  int count = 0;
  for (const auto& row :
       tx.exec("SELECT tid, key_version, tdk_wrapped, tak_wrapped, kek_id FROM mstation.working_key FOR UPDATE")) {
    const auto tid = row[0].as<std::string>();
    const int version = row[1].as<int>();
    const auto suffix = tid + ":" + std::to_string(version);
    const auto kek_id = row[4].as<std::string>();
    const auto tdk = old_ring.open(store::bytes_of(row[2]), kek_id, "tdk:" + suffix);
    const auto tak = old_ring.open(store::bytes_of(row[3]), kek_id, "tak:" + suffix);
    tx.exec_params(
        "UPDATE mstation.working_key SET tdk_wrapped = $3, tak_wrapped = $4, kek_id = $5 "
        "WHERE tid = $1 AND key_version = $2",
        tid, version, store::as_bytea(new_ring.seal(tdk, "tdk:" + suffix)),
        store::as_bytea(new_ring.seal(tak, "tak:" + suffix)), new_ring.current_id());
    ++count;
  }
  return count;
}

}  // namespace

RotationResult rotate_kek(const fs::path& kek_file, const ResealInTransaction& run) {
  const fs::path next = kek_file.string() + ".next";
  const fs::path previous = kek_file.string() + ".previous";
  if (fs::exists(next)) {
    throw std::runtime_error(next.string() + " exists: an earlier rotation did not finish; "
                             "see docs/operations.md (KEK rotation) before retrying");
  }
  const KekRing old_ring = KekRing::load(kek_file);
  std::string new_hex;
  const KekRing new_ring = old_ring.with_new_current(new_hex);
  write_key_file(next, new_hex);
  cleanse(new_hex.data(), new_hex.size());

  RotationResult result;
  try {
    run([&](pqxx::transaction_base& tx) {
      result.new_kek_id = new_ring.current_id();
      result.terminal_keys = reseal_terminal_keys(tx, old_ring, new_ring);
      result.working_keys = reseal_working_keys(tx, old_ring, new_ring);
      return result;
    });
  } catch (const pqxx::in_doubt_error&) {
    throw;  // the commit may have happened: FILE.next must stay, it may be needed
  } catch (const journal::CommitInDoubt&) {
    throw;
  } catch (...) {
    fs::remove(next);  // nothing was re-sealed
    throw;
  }

  fs::remove(previous);
  fs::rename(kek_file, previous);
  fs::rename(next, kek_file);
  return result;
}

}  // namespace mstation::keys
