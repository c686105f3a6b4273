#pragma once
// Everything the checks of one received frame read, in one query (one round
// trip, no transaction): the terminal, a stored request with the same TID,
// SEQ and bytes (a retransmission), the working key of the frame's KVER and
// whether its operator is still enabled. Nothing is cached: what another
// instance changed a moment ago is what this query sees.
#include <cstdint>
#include <optional>
#include <pqxx/transaction_base>
#include <string>

#include "mstation/common/sha256.hpp"
#include "mstation/store/request_store.hpp"
#include "mstation/store/terminal_store.hpp"
#include "mstation/store/working_key_store.hpp"

namespace mstation::store {

struct FrameContext {
  std::optional<TerminalRecord> terminal;      // nullopt: not enrolled (nothing else is read)
  std::optional<RequestRecord> prior;          // the same bytes at this SEQ, in any epoch
  std::optional<WorkingKeyRecord> working_key;  // KVER's bundle, if KVER is not 0 and it exists
  bool operator_enabled = false;               // of working_key's operator
};

FrameContext load_frame_context(pqxx::transaction_base& tx, const std::string& tid, std::uint32_t seq,
                                const Sha256Digest& digest, int key_version);

}  // namespace mstation::store
