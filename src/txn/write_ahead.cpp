#include "write_ahead.hpp"

#include "frame_journal.hpp"
#include "mstation/txn/pipeline_errors.hpp"

namespace mstation::txn {

void take_seq(pqxx::transaction_base& tx, const Checked& c, const Settings& settings,
              std::vector<journal::Entry>& journal) {
  const int version = c.keys.working ? c.keys.working->key_version : 0;
  const auto blocks = cipher_blocks_of(c, c.frame.mac_input().size(), c.frame.payload.size());
  if (!store::take_seq(tx, c.key(), hhu::txn_code(c.txn()), c.digest, settings.instance, version, blocks)) {
    throw SeqTaken();
  }
  journal.push_back(request_raw_entry(c.exchange, c.frame, ""));
  journal.push_back(request_clear_entry(c));
}

}  // namespace mstation::txn
