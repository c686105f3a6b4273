// `mstation audit verify` and `audit checkpoint` against a journal that a
// superuser then tampers with, one way per test.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>

#include "mstation/journal/appender.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_config.hpp"
#include "support/test_database.hpp"

namespace mstation {
namespace {

using test::run_process;

constexpr const char* lane0 = "ms1/0";
constexpr const char* lane1 = "ms1/1";

journal::Entry entry(int i) {
  journal::Entry e;
  e.kind = i % 2 ? "hhu_request" : "hhu_request_raw";
  e.exchange_id = 100 + i / 4;
  e.tid = "51010001";
  e.seq = i;
  if (i % 2 == 0) e.raw = Bytes{0x02, static_cast<std::uint8_t>(i), 0x03};
  if (i % 2 == 1) e.decoded = R"({"customer_no":"5100000007","amount_fen":)" + std::to_string(i) + "}";
  return e;
}

class AuditCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config = dir.write("mstation.json", test::minimal_config(database).dump()).string();
    ASSERT_EQ(mstation({"migrate"}).exit_code, 0);
    ASSERT_EQ(mstation({"keys", "init"}).exit_code, 0);
    append(lane0, 30);
    append(lane1, 10);
  }

  void append(const std::string& chain, int rows) {
    std::vector<journal::Entry> entries;
    for (int i = 0; i < rows; ++i) entries.push_back(entry(i));
    journal::Appender appender(chain);
    pqxx::work tx(db);
    appender.begin(tx);
    appender.append(tx, entries);
    tx.commit();
  }

  // What a superuser can do behind the daemon's back: the append-only trigger off.
  void tamper(const std::string& sql) {
    pqxx::work tx(db);
    tx.exec("ALTER TABLE mstation.journal DISABLE TRIGGER journal_append_only");
    tx.exec(sql);
    tx.exec("ALTER TABLE mstation.journal ENABLE TRIGGER journal_append_only");
    tx.commit();
  }

  std::int64_t journal_id_at(const std::string& chain, int position) {
    pqxx::read_transaction tx(db);
    return tx.exec_params1("SELECT journal_id FROM mstation.journal WHERE chain = $1 AND chain_pos = $2", chain,
                           position)[0]
        .as<std::int64_t>();
  }

  test::ProcessResult mstation(std::vector<std::string> words) {
    std::vector<std::string> argv{test::mstation_binary()};
    argv.insert(argv.end(), words.begin(), words.end());
    argv.push_back("--config");
    argv.push_back(config);
    return run_process(argv, "");
  }

  test::TestDatabase database;
  test::TempDir dir;
  std::string config;
  pqxx::connection db{database.conninfo()};
};

TEST_F(AuditCliTest, AnUntouchedJournalVerifiesAndExitsZero) {
  const auto r = mstation({"audit", "verify"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("chain ms1/0: intact, 30 rows verified, up to position 30"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("chain ms1/1: intact, 10 rows verified"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 chains, 0 broken"), std::string::npos) << r.out;
}

TEST_F(AuditCliTest, AWholeJournalVerifyRecordsItsVerdictAPartialOrAuditorsOneDoesNot) {
  const auto verdicts = [&] {
    pqxx::read_transaction tx(db);
    return tx.exec1("SELECT count(*) FROM mstation.journal_verify_run")[0].as<int>();
  };
  ASSERT_EQ(mstation({"audit", "verify", "--chain", lane0}).exit_code, 0);
  EXPECT_EQ(verdicts(), 0) << "one chain is not the journal's verdict";
  ASSERT_EQ(mstation({"audit", "verify"}).exit_code, 0);
  ASSERT_EQ(verdicts(), 1);
  {
    pqxx::read_transaction tx(db);
    const auto row = tx.exec1("SELECT intact, run_by, jsonb_array_length(chains) FROM mstation.journal_verify_run");
    EXPECT_TRUE(row[0].as<bool>());
    EXPECT_EQ(row[1].as<std::string>(), "mstation_daemon");
    EXPECT_EQ(row[2].as<int>(), 2);
  }
  // The auditor's login is read-only: the verdict is printed, the reason it was not stored named.
  auto as_auditor = test::minimal_config(database);
  as_auditor["database"] = {{"conninfo", database.auditor_conninfo()}};
  config = dir.write("auditor.json", as_auditor.dump()).string();
  const auto r = mstation({"audit", "verify"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("2 chains, 0 broken"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("verdict not recorded for the console: role mstation_audit is read-only"), std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("permission denied"), std::string::npos) << r.err;
  EXPECT_EQ(verdicts(), 1);
}

TEST_F(AuditCliTest, AnEditedRowIsNamedWithItsJournalIdAndExitsOne) {
  tamper("UPDATE mstation.journal SET decoded = '{\"customer_no\":\"5100000007\",\"amount_fen\":1}' "
         "WHERE chain = 'ms1/0' AND chain_pos = 8");
  const auto r = mstation({"audit", "verify"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("chain ms1/0: BROKEN at position 8 (journal_id " + std::to_string(journal_id_at(lane0, 8)) +
                       "): changed: row_hash does not match the row's content (expected "),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("chain ms1/1: intact"), std::string::npos) << r.out;
}

TEST_F(AuditCliTest, ADeletedRowIsNamedByThePositionThatIsMissing) {
  tamper("DELETE FROM mstation.journal WHERE chain = 'ms1/0' AND chain_pos = 12");
  const auto r = mstation({"audit", "verify", "--chain", lane0});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("BROKEN at position 13 (journal_id " + std::to_string(journal_id_at(lane0, 13)) +
                       "): deleted: position 12 is missing"),
            std::string::npos)
      << r.out;
}

TEST_F(AuditCliTest, AnInsertedRowIsNamedAsASecondRowAtItsPosition) {
  {
    pqxx::work tx(db);  // no trigger stops an INSERT: a copy of row 5 slipped in after it
    tx.exec("INSERT INTO mstation.journal (recorded_at, chain, chain_pos, kind, exchange_id, tid, seq, raw, decoded, "
            "prev_hash, row_hash) SELECT recorded_at, chain, chain_pos, kind, exchange_id, tid, seq, raw, decoded, "
            "prev_hash, row_hash FROM mstation.journal WHERE chain = 'ms1/0' AND chain_pos = 5");
    tx.commit();
  }
  const auto r = mstation({"audit", "verify", "--chain", lane0});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("BROKEN at position 5 (journal_id"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("inserted: a second row at position 5"), std::string::npos) << r.out;
}

TEST_F(AuditCliTest, TwoSwappedRowsAreNamedAtTheFirstOfThem) {
  tamper("UPDATE mstation.journal SET chain_pos = CASE chain_pos WHEN 9 THEN 10 ELSE 9 END "
         "WHERE chain = 'ms1/0' AND chain_pos IN (9, 10)");
  const auto r = mstation({"audit", "verify", "--chain", lane0});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("BROKEN at position 9 (journal_id " + std::to_string(journal_id_at(lane0, 9)) +
                       "): prev_hash is not the previous row's row_hash"),
            std::string::npos)
      << r.out;
}

TEST_F(AuditCliTest, EveryBrokenChainIsListed) {
  tamper("UPDATE mstation.journal SET seq = 99 WHERE chain_pos = 3");
  const auto r = mstation({"audit", "verify", "--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const auto report = nlohmann::json::parse(r.out);
  EXPECT_FALSE(report["intact"].get<bool>());
  ASSERT_EQ(report["chains"].size(), 2u);
  for (const auto& c : report["chains"]) {
    EXPECT_FALSE(c["intact"].get<bool>()) << c.dump();
    EXPECT_EQ(c["position"], 3) << c.dump();
  }
}

TEST_F(AuditCliTest, AHistoryRewrittenWithRecomputedHashesPassesAloneButNotAgainstACheckpoint) {
  const auto checkpoint = (dir.path() / "before.json").string();
  const auto taken = mstation({"audit", "checkpoint", "--out", checkpoint});
  ASSERT_EQ(taken.exit_code, 0) << taken.err;
  EXPECT_NE(taken.out.find("chain ms1/0: position 30, 30 rows"), std::string::npos) << taken.out;
  append(lane0, 5);  // the station goes on after the checkpoint
  {
    // The database owner changes row 3's amount and recomputes every hash after it.
    pqxx::work tx(db);
    tx.exec("ALTER TABLE mstation.journal DISABLE TRIGGER journal_append_only");
    const auto rows = tx.exec(
        "SELECT journal_id, chain_pos, (extract(epoch FROM recorded_at) * 1000000)::bigint FROM mstation.journal "
        "WHERE chain = 'ms1/0' ORDER BY chain_pos");
    Sha256Digest prev{};
    for (const auto& row : rows) {
      const int position = row[1].as<int>();
      journal::Entry e = entry((position - 1) % 30);
      if (position == 4) e.decoded = R"({"customer_no":"5100000007","amount_fen":100000})";
      const auto hash = journal::row_hash(prev, lane0, position, row[2].as<std::int64_t>(), e);
      tx.exec_params("UPDATE mstation.journal SET decoded = $2::json, prev_hash = $3, row_hash = $4 WHERE journal_id = $1",
                     row[0].as<std::int64_t>(), e.decoded, pqxx::binarystring(prev.data(), prev.size()),
                     pqxx::binarystring(hash.data(), hash.size()));
      prev = hash;
    }
    tx.exec("ALTER TABLE mstation.journal ENABLE TRIGGER journal_append_only");
    tx.commit();
  }
  const auto alone = mstation({"audit", "verify"});
  EXPECT_EQ(alone.exit_code, 0) << "a consistent rewrite is invisible without an anchor: " << alone.out;
  const auto anchored = mstation({"audit", "verify", "--checkpoint", checkpoint});
  EXPECT_EQ(anchored.exit_code, 1) << anchored.out << anchored.err;
  EXPECT_NE(anchored.out.find("chain ms1/0: BROKEN at position 30 (journal_id " +
                              std::to_string(journal_id_at(lane0, 30)) + "): rewritten: position 30 has row_hash "),
            std::string::npos)
      << anchored.out;
  EXPECT_NE(anchored.out.find("chain ms1/1: intact, 0 rows verified, up to position 10"), std::string::npos)
      << anchored.out;
}

TEST_F(AuditCliTest, VerifyFromACheckpointChecksOnlyWhatCameAfterIt) {
  const auto checkpoint = (dir.path() / "cp.json").string();
  ASSERT_EQ(mstation({"audit", "checkpoint", "--out", checkpoint}).exit_code, 0);
  append(lane0, 4);
  const auto ok = mstation({"audit", "verify", "--checkpoint", checkpoint, "--chain", lane0});
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("chain ms1/0: intact, 4 rows verified, up to position 34"), std::string::npos) << ok.out;
  tamper("DELETE FROM mstation.journal WHERE chain = 'ms1/1'");
  const auto gone = mstation({"audit", "verify", "--checkpoint", checkpoint});
  EXPECT_EQ(gone.exit_code, 1);
  EXPECT_NE(gone.out.find("chain ms1/1: BROKEN at position 10: deleted: the chain is gone"), std::string::npos)
      << gone.out;
}

TEST_F(AuditCliTest, AnAlteredCheckpointIsRefusedAndVerifyCannotRun) {
  const auto checkpoint = dir.path() / "cp.json";
  ASSERT_EQ(mstation({"audit", "checkpoint", "--out", checkpoint.string()}).exit_code, 0);
  std::ifstream in(checkpoint);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto at = text.find("\"position\": 30");
  ASSERT_NE(at, std::string::npos) << text;
  text.replace(at, 14, "\"position\": 29");
  std::ofstream(checkpoint) << text;
  const auto r = mstation({"audit", "verify", "--checkpoint", checkpoint.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("its HMAC does not match"), std::string::npos) << r.err;
}

TEST_F(AuditCliTest, DatesOutsideTheJournalVerifyNothingAndBadDatesAreUsageErrors) {
  const auto later = mstation({"audit", "verify", "--from", "2099-01-01"});
  EXPECT_EQ(later.exit_code, 0) << later.out << later.err;
  EXPECT_NE(later.out.find("chain ms1/0: intact, 0 rows verified"), std::string::npos) << later.out;
  const auto earlier = mstation({"audit", "verify", "--to", "2000-01-01"});
  EXPECT_EQ(earlier.exit_code, 0);
  EXPECT_NE(earlier.out.find("chain ms1/0: intact, 0 rows verified"), std::string::npos) << earlier.out;
  const auto bad = mstation({"audit", "verify", "--from", "yesterday"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--from must be YYYY-MM-DD"), std::string::npos) << bad.err;
  const auto unknown = mstation({"audit", "verify", "--chain", "nope/9"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no chain 'nope/9'"), std::string::npos) << unknown.err;
}

TEST_F(AuditCliTest, KeysInitCreatedAPrivateCheckpointKeyThatNeverShowsInACheckpoint) {
  struct stat info {};
  ASSERT_EQ(stat((dir.path() / "checkpoint.key").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  std::string key;
  std::ifstream(dir.path() / "checkpoint.key") >> key;
  ASSERT_EQ(key.size(), 64u);
  const auto r = mstation({"audit", "checkpoint", "--out", (dir.path() / "cp.json").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(dir.path() / "cp.json");
  const std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(file.find(key), std::string::npos);
  EXPECT_EQ(r.out.find(key), std::string::npos);
  EXPECT_EQ(r.err.find(key), std::string::npos);
}

}  // namespace
}  // namespace mstation
