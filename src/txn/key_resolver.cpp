#include "mstation/txn/key_resolver.hpp"

#include <fmt/format.h>

#include "mstation/store/operator_store.hpp"
#include "mstation/txn/codes.hpp"

namespace mstation::txn {
namespace {

FrameKeys master_variants(const store::TerminalRecord& terminal, const keys::KekRing& kek) {
  const auto tmk = kek.open(terminal.tmk_sealed, terminal.kek_id, "tmk:" + terminal.tid);
  return {hhu::master_encryption_key(tmk), hhu::master_mac_key(tmk), std::nullopt};
}

std::optional<std::string> why_unusable(const store::WorkingKeyRecord& k, hhu::Suite suite, const Settings& settings,
                                        TimePoint now) {
  if (k.voided_at) return "key version was voided by SIGN_OFF";
  if (now >= k.expires_at) return "key version expired";
  if (k.superseded_at && now >= *k.superseded_at + settings.key_grace) return "key version superseded, grace over";
  if (suite == hhu::Suite::tdea && k.cipher_blocks >= tdea_block_limit) return "key bundle reached 2^20 blocks";
  return std::nullopt;
}

}  // namespace

std::variant<FrameKeys, std::string> resolve_keys(const store::TerminalRecord& terminal, const hhu::Header& header,
                                                  std::optional<store::WorkingKeyRecord> record, bool operator_enabled,
                                                  const keys::KekRing& kek, const Settings& settings, TimePoint now) {
  if (header.kver == 0) {
    if (header.txn != txns::sign_on && header.txn != txns::echo) {
      return std::string("KVER 00 is for SIGN_ON and ECHO only");
    }
    return master_variants(terminal, kek);
  }
  if (!record) return fmt::format("key version {} unknown", header.kver);
  if (auto why = why_unusable(*record, terminal.suite, settings, now)) return *why;
  if (!operator_enabled) return std::string("the signed-on operator was disabled");
  const std::string context = fmt::format("{}:{}", terminal.tid, record->key_version);
  FrameKeys keys{kek.open(record->tdk_sealed, record->kek_id, "tdk:" + context),
                 kek.open(record->tak_sealed, record->kek_id, "tak:" + context), std::move(record)};
  return keys;
}

std::variant<FrameKeys, std::string> resolve_keys(pqxx::transaction_base& tx, const store::TerminalRecord& terminal,
                                                  const hhu::Header& header, const keys::KekRing& kek,
                                                  const Settings& settings, TimePoint now) {
  std::optional<store::WorkingKeyRecord> record;
  bool enabled = false;
  if (header.kver != 0) {
    record = store::find_working_key(tx, terminal.tid, header.kver);
    if (record) {
      const auto op = store::find_operator(tx, record->operator_id);
      enabled = op && op->enabled;
    }
  }
  return resolve_keys(terminal, header, std::move(record), enabled, kek, settings, now);
}

}  // namespace mstation::txn
