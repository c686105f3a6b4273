#include "mstation/txn/exchange_journal.hpp"

#include <spdlog/spdlog.h>

namespace mstation::txn {

journal::Entry exchange_entry(const Exchange& exchange, const std::string& kind, const hhu::Header* header) {
  journal::Entry e;
  e.kind = kind;
  e.exchange_id = exchange.id;
  e.peer = exchange.peer;
  if (header != nullptr) {
    e.tid = journal::printable(header->tid);
    e.seq = header->seq;
    e.txn = hhu::txn_code(header->txn);
  }
  return e;
}

bool journal_unanswered_bytes(journal::Committer& writes, const Exchange& exchange, std::span<const std::uint8_t> bytes,
                              const std::string& note) {
  auto entry = exchange_entry(exchange, "hhu_request_raw", nullptr);
  entry.raw = Bytes(bytes.begin(), bytes.end());
  entry.note = note;
  try {
    writes.commit([&](pqxx::transaction_base&, std::vector<journal::Entry>& out) { out.push_back(entry); });
    return true;
  } catch (const std::exception& e) {
    spdlog::error("exchange {} from {}: cannot journal {} received bytes: {}", exchange.id, exchange.peer,
                  bytes.size(), e.what());
    return false;
  }
}

}  // namespace mstation::txn
