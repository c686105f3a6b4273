#include "mstation/keys/sealed_key_check.hpp"

#include <pqxx/pqxx>

#include "mstation/store/bytea.hpp"

namespace mstation::keys {
namespace {

void try_open(const KekRing& ring, const pqxx::field& sealed, const std::string& kek_id, const std::string& context,
              SealedKeyCheck& check) {
  try {
    ring.open(store::bytes_of(sealed), kek_id, context);
    ++check.opened;
  } catch (const std::exception& e) {
    check.failures.push_back(context + ": " + e.what());
  }
}

}  // namespace

SealedKeyCheck check_sealed_keys(const KekRing& ring, const std::string& conninfo) {
  SealedKeyCheck check;
  pqxx::connection connection(conninfo);
  pqxx::read_transaction tx(connection);
  for (const auto& row : tx.exec("SELECT tid, tmk_wrapped, kek_id FROM mstation.terminal ORDER BY tid")) {
    try_open(ring, row[1], row[2].as<std::string>(), "tmk:" + row[0].as<std::string>(), check);
  }
  for (const auto& row : tx.exec(
           "SELECT tid, key_version, tdk_wrapped, tak_wrapped, kek_id FROM mstation.working_key ORDER BY tid, key_version")) {
    const auto suffix = row[0].as<std::string>() + ":" + row[1].as<std::string>();
    try_open(ring, row[2], row[4].as<std::string>(), "tdk:" + suffix, check);
    try_open(ring, row[3], row[4].as<std::string>(), "tak:" + suffix, check);
  }
  return check;
}

}  // namespace mstation::keys
