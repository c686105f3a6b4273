// The canonical row the journal's hashes are computed over (journal/chain.hpp),
// against digests computed independently (Python hashlib) from its definition:
// a change to the canonical form would orphan every stored chain.
#include <gtest/gtest.h>

#include "mstation/journal/chain.hpp"

namespace mstation::journal {
namespace {

Sha256Digest counting_prev() {
  Sha256Digest prev{};
  for (std::size_t i = 0; i < prev.size(); ++i) prev[i] = static_cast<std::uint8_t>(i);
  return prev;
}

TEST(JournalRowHash, MatchesTheCanonicalFormComputedIndependently) {
  Entry e;
  e.kind = "hhu_request";
  e.exchange_id = 42;
  e.peer = "127.0.0.2";
  e.tid = "51010001";
  e.seq = 3;
  e.txn = "0204";
  e.raw = Bytes{0x00, 0x01, 0xFF};
  e.decoded = "{\"户名\":\"张三\"}";
  EXPECT_EQ(to_hex(row_hash(counting_prev(), "ms1/0", 7, 1764547200123456, e)),
            "73332F9B03B3FFE8B8048B19A45447705E604224E336E15A315DAF9831CD4640");
}

TEST(JournalRowHash, NullFieldsHashAsTheNullMarkerNotAsEmpty) {
  Entry e;
  e.kind = "test";
  EXPECT_EQ(to_hex(row_hash(Sha256Digest{}, "ms1/0", 1, 0, e)),
            "4CE3822F446ADF4380B1D4365D12B167CC0F85974B752D291F67F89A3F5A4BAF");
  e.note = "";
  EXPECT_NE(to_hex(row_hash(Sha256Digest{}, "ms1/0", 1, 0, e)),
            "4CE3822F446ADF4380B1D4365D12B167CC0F85974B752D291F67F89A3F5A4BAF");
}

TEST(JournalRowHash, TheVerifiersViewOfARowHashesAsTheEntryItCameFrom) {
  RowHasher hasher;
  const Bytes raw{0x00, 0x01, 0xFF};
  RowView row{"ms1/0", "7", "1764547200123456", "hhu_request", "42", "127.0.0.2", "51010001", "3", "0204",
              std::nullopt, std::span<const std::uint8_t>(raw), "{\"户名\":\"张三\"}", std::nullopt};
  EXPECT_EQ(to_hex(hasher.hash(counting_prev(), row)),
            "73332F9B03B3FFE8B8048B19A45447705E604224E336E15A315DAF9831CD4640");
  EXPECT_EQ(to_hex(hasher.hash(counting_prev(), row)),
            "73332F9B03B3FFE8B8048B19A45447705E604224E336E15A315DAF9831CD4640")
      << "the hasher is reused from row to row";
}

}  // namespace
}  // namespace mstation::journal
