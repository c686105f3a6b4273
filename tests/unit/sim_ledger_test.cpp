// The simulator's ledger file: replay rebuilds the books; a torn last line
// (no newline) is neither replayed nor kept.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <future>

#include "mstation/sg186/client.hpp"
#include "mstation/sim/ledger_file.hpp"
#include "mstation/sim/ledger_sync.hpp"
#include "support/temp_dir.hpp"

namespace mstation::sim {
namespace {

constexpr YyyyMmDd day = 20261128;

LedgerRecord payment_record(const Customer& c, const std::string& serial) {
  const auto r = sg186::payment({c.cons_no, 100, "01", {}});
  const auto h = sg186::request_header(r, "510100000001", serial, day, std::uint64_t{day} * 1000000 + 90000);
  return {day, h.txn_time, sg186::encode_message(h, r.body), "1001"};
}

TEST(SimLedger, ReplayRebuildsTheBooksAndATornLineIsDropped) {
  test::TempDir dir;
  const DatasetChoice choice{std::size_t{300}, std::uint64_t{4}, day};
  auto fresh = load_state(dir.path(), choice, true);
  const auto& c = *std::find_if(fresh.book.data().customers.begin(), fresh.book.data().customers.end(),
                                [](const Customer& x) { return x.partial_allowed && x.owe_fen() > 0; });
  {
    LedgerFile ledger(dir.path() / "ledger.jsonl");
    ledger.append(payment_record(c, "20261128000000000001"));
    ledger.append(payment_record(c, "20261128000000000002"));
  }
  // A crash in the middle of writing the second line: its newline never made it.
  std::filesystem::resize_file(dir.path() / "ledger.jsonl", std::filesystem::file_size(dir.path() / "ledger.jsonl") - 1);
  const auto loaded = load_state(dir.path(), {}, false);
  EXPECT_EQ(loaded.replayed, 1u);
  ASSERT_EQ(loaded.warnings.size(), 1u);
  EXPECT_EQ(loaded.warnings[0], "ledger line 2 is incomplete and was ignored");
  EXPECT_NE(loaded.book.executed("510100000001", "20261128000000000001"), nullptr);
  EXPECT_EQ(loaded.book.executed("510100000001", "20261128000000000002"), nullptr);
  {
    LedgerFile ledger(dir.path() / "ledger.jsonl");  // cuts the torn line before appending
    ledger.append(payment_record(c, "20261128000000000003"));
  }
  const auto again = load_state(dir.path(), {}, false);
  EXPECT_EQ(again.replayed, 2u);
  EXPECT_TRUE(again.warnings.empty());
  EXPECT_EQ(again.book.money().size(), 2u);
}

TEST(SimLedger, OneSyncCoversEveryLineWrittenBeforeItAndReleasesTheirAnswers) {
  test::TempDir dir;
  LedgerFile ledger(dir.path() / "ledger.jsonl");
  LedgerSync sync(ledger);
  std::vector<std::uint64_t> lines;
  for (int i = 0; i < 10; ++i) {
    lines.push_back(ledger.write({day, 1, "request " + std::to_string(i), "1001"}));
  }
  EXPECT_EQ(lines.back(), 10u);
  std::atomic<int> released{0};
  std::promise<void> all;
  for (const auto line : lines) {
    sync.after_durable(line, [&] {
      if (++released == 10) all.set_value();
    });
  }
  ASSERT_EQ(all.get_future().wait_for(std::chrono::seconds(30)), std::future_status::ready) << "watchdog";
  EXPECT_EQ(sync.syncs(), 1u) << "ten answers, one fdatasync";
}

TEST(SimLedger, AnAnswerWaitsForASyncThatStartedAfterItsLineWasWritten) {
  test::TempDir dir;
  LedgerFile ledger(dir.path() / "ledger.jsonl");
  LedgerSync sync(ledger);
  std::promise<void> first;
  sync.after_durable(ledger.write({day, 1, "first", "1001"}), [&] { first.set_value(); });
  ASSERT_EQ(first.get_future().wait_for(std::chrono::seconds(30)), std::future_status::ready) << "watchdog";
  const auto syncs_before = sync.syncs();
  std::promise<void> second;
  sync.after_durable(ledger.write({day, 1, "second", "1001"}), [&] { second.set_value(); });
  ASSERT_EQ(second.get_future().wait_for(std::chrono::seconds(30)), std::future_status::ready) << "watchdog";
  EXPECT_EQ(sync.syncs(), syncs_before + 1) << "a line written after a sync needs a sync of its own";
}

TEST(SimLedger, AStateDirectoryRefusesAnotherDataset) {
  test::TempDir dir;
  (void)load_state(dir.path(), {std::size_t{50}, std::uint64_t{4}, day}, true);
  try {
    (void)load_state(dir.path(), {std::size_t{60}, std::nullopt, day}, true);
    FAIL() << "a different --customers was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("holds 50 customers, not 60"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace mstation::sim
