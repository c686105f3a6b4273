// `mstation maintain`: months created ahead for every partitioned table, a
// default partition holding rows emptied into the month created for them,
// months past retention detached only after a signed boundary checkpoint
// that `audit verify` then starts from; twice is a no-op.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "mstation/common/china_time.hpp"
#include "mstation/journal/chain.hpp"
#include "mstation/store/bytea.hpp"
#include "mstation/store/partition_maintenance.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_config.hpp"
#include "support/test_database.hpp"

namespace mstation::test {
namespace {

class MaintainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_config(5, 0);
    ASSERT_EQ(cli({"migrate"}).exit_code, 0);
    ASSERT_EQ(cli({"keys", "init"}).exit_code, 0);
  }

  void write_config(int months_ahead, int retention_months) {
    auto c = minimal_config(database);
    c["maintain"] = {{"months_ahead", months_ahead}, {"retention_months", retention_months}};
    config = dir.write("mstation.json", c.dump()).string();
  }

  ProcessResult cli(std::vector<std::string> words) {
    std::vector<std::string> argv{mstation_binary()};
    argv.insert(argv.end(), words.begin(), words.end());
    argv.push_back("--config");
    argv.push_back(config);
    return run_process(argv);
  }

  std::int64_t scalar(const std::string& sql) {
    pqxx::read_transaction tx(db);
    return tx.exec1(sql)[0].as<std::int64_t>();
  }

  std::vector<std::string> partitions(const std::string& table) {
    pqxx::read_transaction tx(db);
    std::vector<std::string> names;
    for (const auto& r : tx.exec_params("SELECT inhrelid::regclass::text FROM pg_inherits "
                                        "WHERE inhparent = ('mstation.' || $1)::regclass ORDER BY 1",
                                        table)) {
      names.push_back(r[0].as<std::string>());
    }
    return names;
  }

  int future(const std::string& table) {
    pqxx::read_transaction tx(db);
    return store::future_months(tx, table, business_date(Clock::now()));
  }

  // As the owner, as migrations make the months of their time.
  void create_month(const std::string& table, TimePoint day) {
    pqxx::connection owner(database.owner_conninfo());
    pqxx::work tx(owner);
    tx.exec_params("SELECT mstation.create_month_partition($1, $2::date)", table, business_date(day));
    tx.commit();
  }

  static std::string month_of(const std::string& table, TimePoint day) {
    const auto d = business_date(day);
    return table + "_y" + d.substr(0, 4) + "m" + d.substr(5, 2);
  }

  // A row of `chain` at `position` recorded at `at`, hashed as the appender does.
  Sha256Digest put_row(const std::string& chain, std::int64_t position, TimePoint at, const Sha256Digest& prev) {
    journal::Entry e;
    e.kind = "test_row";
    const auto at_us = std::chrono::duration_cast<std::chrono::microseconds>(at.time_since_epoch()).count();
    const auto hash = journal::row_hash(prev, chain, position, at_us, e);
    pqxx::work tx(db);
    tx.exec_params(
        "INSERT INTO mstation.journal (recorded_at, chain, chain_pos, kind, prev_hash, row_hash) "
        "VALUES (timestamptz 'epoch' + $1 * interval '1 microsecond', $2, $3, 'test_row', $4, $5)",
        at_us, chain, position, store::as_bytea(Bytes(prev.begin(), prev.end())),
        store::as_bytea(Bytes(hash.begin(), hash.end())));
    tx.commit();
    return hash;
  }

  TestDatabase database;
  TempDir dir;
  std::string config;
  pqxx::connection db{database.conninfo()};
};

TEST_F(MaintainTest, CreatesMonthsAheadForEveryPartitionedTableAndASecondRunChangesNothing) {
  EXPECT_EQ(future("journal"), 2);  // what migration 001 made
  const auto first = cli({"maintain"});
  ASSERT_EQ(first.exit_code, 0) << first.err << first.out;
  EXPECT_EQ(future("journal"), 5);
  EXPECT_EQ(future("business_txn"), 5);
  EXPECT_NE(first.out.find("created journal_y"), std::string::npos) << first.out;
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.journal WHERE chain = 'admin' AND kind = 'maintain_partitions'"), 2);
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.journal WHERE chain = 'admin' "
                   "AND decoded->>'database_role' = 'mstation_owner'"),
            2);

  const auto journal_partitions = partitions("journal");
  const auto second = cli({"maintain"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("nothing to do"), std::string::npos) << second.out;
  EXPECT_EQ(partitions("journal"), journal_partitions);
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.journal WHERE chain = 'admin'"), 2) << "the no-op is not journaled";
}

TEST_F(MaintainTest, ADefaultPartitionHoldingRowsIsEmptiedIntoTheMonthCreatedForIt) {
  // Eight months ahead: past the months migration 001 created, so these rows
  // wait in the default partitions.
  const auto later = Clock::now() + std::chrono::hours(24 * 31 * 8);
  put_row("stray", 1, later, Sha256Digest{});
  {
    pqxx::work tx(db);
    tx.exec_params(
        "INSERT INTO mstation.business_txn (created_at, business_date, tid, seq_epoch, seq, operator_id, txn, "
        "sg186_serial, sg186_request) VALUES (timestamptz 'epoch' + $1 * interval '1 microsecond', "
        "current_date, '51010001', 1, 1, '0042', '0202', 's1', '\\x00')",
        std::chrono::duration_cast<std::chrono::microseconds>(later.time_since_epoch()).count());
    tx.commit();
  }
  ASSERT_EQ(scalar("SELECT count(*) FROM mstation.journal_default"), 1);
  ASSERT_EQ(scalar("SELECT count(*) FROM mstation.business_txn_default"), 1);

  const auto r = cli({"maintain"});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("moved 1 rows into it from the default partition"), std::string::npos) << r.out;
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.journal_default"), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.business_txn_default"), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.journal WHERE chain = 'stray'"), 1) << "the row was moved, not lost";
  const auto month = "journal_y" + business_date(later).substr(0, 4) + "m" + business_date(later).substr(5, 2);
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation." + month), 1);
  // The default partition is attached again with its append-only trigger.
  const auto defaults = partitions("journal");
  EXPECT_NE(std::find(defaults.begin(), defaults.end(), "mstation.journal_default"), defaults.end());
  pqxx::work tx(db);
  EXPECT_THROW(tx.exec("DELETE FROM mstation." + month), pqxx::insufficient_privilege);
}

TEST_F(MaintainTest, RetentionDetachesAMonthAfterASignedBoundaryThatAuditVerifyStartsFrom) {
  const auto older_day = Clock::now() - std::chrono::hours(24 * 31 * 7);
  const auto old_day = Clock::now() - std::chrono::hours(24 * 31 * 6);
  create_month("journal", older_day);
  create_month("journal", old_day);
  auto hash = put_row("ms9", 1, old_day, Sha256Digest{});
  hash = put_row("ms9", 2, old_day + std::chrono::seconds(1), hash);
  hash = put_row("ms9", 3, Clock::now(), hash);
  // A chain with a row in the older month, none in the old one, one today.
  auto quiet = put_row("quiet", 1, older_day, Sha256Digest{});
  quiet = put_row("quiet", 2, Clock::now(), quiet);
  ASSERT_EQ(cli({"audit", "verify"}).exit_code, 0);

  write_config(3, 3);
  const auto r = cli({"maintain"});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  const auto month = month_of("journal", old_day);
  EXPECT_NE(r.out.find("detached " + month_of("journal", older_day)), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("detached " + month), std::string::npos) << r.out;
  const auto detached = partitions("journal");
  EXPECT_EQ(std::find(detached.begin(), detached.end(), "mstation." + month), detached.end());
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation." + month), 2) << "detached, never dropped";

  // The last boundary written (the newer month's) anchors every chain, the quiet one too.
  std::filesystem::path boundary;
  for (const auto& f : std::filesystem::directory_iterator(dir.path() / "checkpoints")) {
    if (f.path().filename().string().find("retention-" + month) != std::string::npos) boundary = f.path();
  }
  ASSERT_FALSE(boundary.empty()) << "no boundary checkpoint for " << month;
  const auto without = cli({"audit", "verify"});
  EXPECT_EQ(without.exit_code, 1) << "position 1 left the live journal:\n" << without.out;
  const auto with = cli({"audit", "verify", "--checkpoint", boundary.string()});
  EXPECT_EQ(with.exit_code, 0) << with.out << with.err;
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.journal WHERE chain = 'admin' AND kind = 'maintain_detach' "
                   "AND decoded->'after'->>'boundary_checkpoint' <> ''"),
            2);

  const auto again = cli({"maintain"});
  EXPECT_NE(again.out.find("nothing to do"), std::string::npos) << again.out;
}

TEST_F(MaintainTest, ADetachedJournalMonthStaysAppendOnlyAndReadableByAuditors) {
  const auto old_day = Clock::now() - std::chrono::hours(24 * 31 * 6);
  create_month("journal", old_day);
  put_row("ms9", 1, old_day, Sha256Digest{});
  write_config(3, 3);
  ASSERT_EQ(cli({"maintain"}).exit_code, 0);
  const auto archive = "mstation." + month_of("journal", old_day);
  for (const auto& sql : {"UPDATE " + archive + " SET note = 'x'", "DELETE FROM " + archive, "TRUNCATE " + archive}) {
    pqxx::work tx(db);
    EXPECT_THROW(tx.exec(sql), pqxx::insufficient_privilege) << sql << ", even as a superuser";
  }
  pqxx::connection auditor(database.auditor_conninfo());
  pqxx::read_transaction tx(auditor);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM " + archive)[0].as<int>(), 1);
}

TEST_F(MaintainTest, RetentionKeepsABusinessMonthWithATransactionStillInDoubt) {
  const auto old_day = Clock::now() - std::chrono::hours(24 * 31 * 6);
  create_month("business_txn", old_day);
  {
    pqxx::work tx(db);
    tx.exec_params(
        "INSERT INTO mstation.business_txn (created_at, business_date, tid, seq_epoch, seq, operator_id, txn, "
        "sg186_serial, sg186_request, state) VALUES (timestamptz 'epoch' + $1 * interval '1 microsecond', "
        "current_date, '51010001', 1, 1, '0042', '0202', 's1', '\\x00', 'unknown')",
        std::chrono::duration_cast<std::chrono::microseconds>(old_day.time_since_epoch()).count());
    tx.commit();
  }
  write_config(3, 3);
  const auto month = month_of("business_txn", old_day);
  const auto kept = cli({"maintain"});
  ASSERT_EQ(kept.exit_code, 0) << kept.err << kept.out;
  EXPECT_NE(kept.out.find("kept " + month + " attached: 1 of its transactions are not settled"), std::string::npos)
      << kept.out;
  auto attached = partitions("business_txn");
  EXPECT_NE(std::find(attached.begin(), attached.end(), "mstation." + month), attached.end());

  {
    // Settled, but its reversal went to `manual`: `saf retry` could queue it again.
    pqxx::work tx(db);
    tx.exec("UPDATE mstation.business_txn SET state = 'succeeded'");
    tx.exec("INSERT INTO mstation.saf_entry (txn_id, purpose, sg186_txn, sg186_serial, request, state, next_attempt_at) "
            "SELECT txn_id, 'reversal', '012', 's1r', '\\x00', 'manual', now() FROM mstation.business_txn");
    tx.commit();
  }
  const auto manual = cli({"maintain"});
  EXPECT_NE(manual.out.find("kept " + month + " attached: 1"), std::string::npos) << manual.out;
  {
    pqxx::work tx(db);
    tx.exec("UPDATE mstation.business_txn SET state = 'reversed'");
    tx.exec("UPDATE mstation.saf_entry SET state = 'done'");
    tx.commit();
  }
  const auto settled = cli({"maintain"});
  EXPECT_NE(settled.out.find("detached " + month), std::string::npos) << settled.out;
  attached = partitions("business_txn");
  EXPECT_EQ(std::find(attached.begin(), attached.end(), "mstation." + month), attached.end());
}

TEST_F(MaintainTest, PartitionBoundsAreTheChinaMonthWhateverTheSessionsDateStyle) {
  const auto later = Clock::now() + std::chrono::hours(24 * 31 * 9);
  {
    pqxx::connection owner(database.owner_conninfo());
    pqxx::work tx(owner);
    // 'Postgres' prints "… CST", which PostgreSQL reads back as US Central time.
    tx.exec("SET datestyle = 'Postgres, MDY'");
    tx.exec("SET timezone = 'Asia/Shanghai'");
    tx.exec_params("SELECT mstation.ensure_month_partition('journal', $1::date)", business_date(later));
    tx.commit();
  }
  const auto first_day = business_date(later).substr(0, 8) + "01";
  pqxx::read_transaction tx(db);
  const auto lower = tx.exec_params1(
      "SELECT (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \\(''([^'']+)''\\)'))[1]::timestamptz = "
      "($1 || ' 00:00:00+08')::timestamptz FROM pg_class c WHERE c.oid = ('mstation.' || $2)::regclass",
      first_day, month_of("journal", later))[0];
  EXPECT_TRUE(lower.as<bool>()) << "the month starts at midnight UTC+8";
}

TEST_F(MaintainTest, FutureMonthsCountOnlyMonthsWithoutAGap) {
  EXPECT_EQ(future("journal"), 2);
  create_month("journal", Clock::now() + std::chrono::hours(24 * 31 * 4));
  EXPECT_EQ(future("journal"), 2) << "month 3 is missing, so month 4 does not help";
}

}  // namespace
}  // namespace mstation::test
