// What the first migration promises: roles, privileges, the append-only
// journal with monthly partitions, the per-SEQ uniqueness key.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "mstation/store/migration.hpp"
#include "mstation/store/request_store.hpp"
#include "support/test_database.hpp"

namespace mstation::store {
namespace {

class SchemaTest : public ::testing::Test {
 protected:
  void SetUp() override { migrate(connection, embedded_migrations()); }

  void insert_terminal(pqxx::work& tx, const std::string& tid) {
    tx.exec_params(
        "INSERT INTO mstation.terminal (tid, bound_ip, suite, station, tmk_wrapped, tmk_kcv, kek_id) "
        "VALUES ($1, '127.0.0.2', 1, 'demo', '\\x00', 'CBE6A7', 'k1')",
        tid);
  }

  void insert_journal_row(pqxx::work& tx) {
    tx.exec(
        "INSERT INTO mstation.journal (recorded_at, chain, chain_pos, kind, raw, prev_hash, row_hash) "
        "VALUES (now(), 'ms1', 1, 'hhu_request_raw', '\\x0063', decode(repeat('00', 32), 'hex'), "
        "decode(repeat('11', 32), 'hex'))");
  }

  test::TestDatabase database;
  pqxx::connection connection{database.conninfo()};
};

TEST_F(SchemaTest, RolesExist) {
  pqxx::read_transaction tx(connection);
  EXPECT_EQ(tx.exec("SELECT count(*) FROM pg_roles WHERE rolname IN ('mstation_app', 'mstation_auditor')")[0][0]
                .as<int>(),
            2);
}

TEST_F(SchemaTest, JournalRowsCannotBeUpdatedOrDeletedEvenByTheOwner) {
  {
    pqxx::work tx(connection);
    insert_journal_row(tx);
    tx.commit();
  }
  for (const char* change : {"UPDATE mstation.journal SET code = '00'", "DELETE FROM mstation.journal",
                             "TRUNCATE mstation.journal"}) {
    pqxx::work tx(connection);
    try {
      tx.exec(change);
      ADD_FAILURE() << change << " was allowed";
    } catch (const pqxx::sql_error& e) {
      EXPECT_NE(std::string(e.what()).find("append-only"), std::string::npos) << e.what();
    }
  }
  pqxx::read_transaction tx(connection);
  EXPECT_EQ(tx.exec("SELECT count(*) FROM mstation.journal WHERE code IS NULL")[0][0].as<int>(), 1);
}

TEST_F(SchemaTest, AppRoleMayAppendToTheJournalButNotChangeIt) {
  pqxx::work tx(connection);
  tx.exec("SET LOCAL ROLE mstation_app");
  insert_journal_row(tx);
  try {
    tx.exec("UPDATE mstation.journal SET code = '00'");
    ADD_FAILURE() << "the app role updated the journal";
  } catch (const pqxx::sql_error& e) {
    EXPECT_NE(std::string(e.what()).find("permission denied"), std::string::npos) << e.what();
  }
}

// What the auditor may read is RolesTest's (roles_test.cpp).

TEST_F(SchemaTest, SameTerminalEpochAndSeqCanBeRecordedOnlyOnce) {
  pqxx::work tx(connection);
  insert_terminal(tx, "51010001");
  const char* insert =
      "INSERT INTO mstation.terminal_request (tid, seq_epoch, seq, txn, request_sha256, instance) "
      "VALUES ('51010001', $1, 7, '0202', '\\x01', 'ms1') ON CONFLICT DO NOTHING";
  EXPECT_EQ(tx.exec_params(insert, 1).affected_rows(), 1u);
  EXPECT_EQ(tx.exec_params(insert, 1).affected_rows(), 0u);
  EXPECT_EQ(tx.exec_params(insert, 2).affected_rows(), 1u);  // a new epoch after reset-seq
}

TEST_F(SchemaTest, TheFirstAnswerToARequestStands) {
  pqxx::work tx(connection);
  insert_terminal(tx, "51010001");
  const store::RequestKey key{"51010001", 1, 7};
  ASSERT_TRUE(store::reserve_request(tx, key, "0003", {}, "ms1"));
  EXPECT_TRUE(store::answer_request(tx, key, Bytes{1}, "00"));
  EXPECT_FALSE(store::answer_request(tx, key, Bytes{2}, "96"));
  const auto stored = store::find_request(tx, "51010001", 7, {});
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->response_frame, Bytes{1});
  EXPECT_EQ(stored->response_code, "00");
}

TEST_F(SchemaTest, UniquenessTableIsNotPartitioned) {
  pqxx::read_transaction tx(connection);
  EXPECT_EQ(tx.exec("SELECT relkind FROM pg_class WHERE oid = 'mstation.terminal_request'::regclass")[0][0]
                .as<std::string>(),
            "r");
}

TEST_F(SchemaTest, JournalRowsLandInTheirMonthPartition) {
  {
    pqxx::work tx(connection);
    insert_journal_row(tx);
    tx.commit();
  }
  pqxx::read_transaction tx(connection);
  const auto partition = tx.exec1("SELECT tableoid::regclass::text FROM mstation.journal")[0].as<std::string>();
  const auto expected = tx.exec1(
                              "SELECT 'mstation.journal_y' || to_char(mstation.business_date(now()), 'YYYY') || "
                              "'m' || to_char(mstation.business_date(now()), 'MM')")[0]
                            .as<std::string>();
  EXPECT_EQ(partition, expected);
}

TEST_F(SchemaTest, BusinessDateIsTheUtcPlus8CalendarDate) {
  pqxx::read_transaction tx(connection);
  EXPECT_EQ(tx.exec1("SELECT mstation.business_date('2026-11-28 16:30:00+00')::text")[0].as<std::string>(),
            "2026-11-29");
  EXPECT_EQ(tx.exec1("SELECT mstation.business_date('2026-11-28 15:59:59+00')::text")[0].as<std::string>(),
            "2026-11-28");
}

}  // namespace
}  // namespace mstation::store
