#pragma once
// Fetching one business date's statement from SG186 (sg186-interface.md §3):
// the 050 summary, then the file by 051 chunks of at most 64 KiB, each asked
// from the offset reached so far, so a chunk whose exchange fails is asked
// again from where it stopped. Checks what the transport can: the summary's
// date and size, each chunk's offset, length and EOF, the header line's
// date and totals against the summary. The money lines are checked when
// they are matched (matcher.hpp), which reads them once.
#include <cstdint>
#include <functional>
#include <string>

#include "mstation/common/sha256.hpp"
#include "mstation/recon/journaled_exchange.hpp"
#include "mstation/sg186/statement.hpp"

namespace mstation::recon {

// Well inside a bytea's 1 GB (the file is stored whole); a million lines is ~83 MB.
constexpr std::uint64_t max_statement_bytes = std::uint64_t{512} << 20;

struct Statement {
  sg186::StatementSummaryResponse summary;
  std::string text;  // exactly as SG186 sent it (GBK)
  Sha256Digest sha256{};
};

using Progress = std::function<void(std::uint64_t received, std::uint64_t total)>;

// Throws ReconFailure (recon_failure.hpp).
Statement download_statement(JournaledExchange& link, std::uint32_t date, const Progress& progress = {});

}  // namespace mstation::recon
