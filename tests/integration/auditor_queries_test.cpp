// The ten auditors' queries of docs/auditing.md, read from the document
// itself, run as the auditor role against rows this test put there.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <pqxx/pqxx>
#include <sstream>

#include "mstation/store/migration.hpp"
#include "support/paths.hpp"
#include "support/test_database.hpp"

namespace mstation::test {
namespace {

// "-- Q3: ..." blocks of docs/auditing.md, by number.
std::map<int, std::string> documented_queries() {
  std::ifstream in(source_dir() + "/docs/auditing.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  std::map<int, std::string> queries;
  for (std::size_t at = doc.find("```sql\n-- Q"); at != std::string::npos; at = doc.find("```sql\n-- Q", at + 1)) {
    const auto start = at + 7;
    const auto end = doc.find("```", start);
    const int number = std::stoi(doc.substr(start + 4, 2));
    queries[number] = doc.substr(start, end - start);
  }
  return queries;
}

// psql's :'name' and :name, as the auditor would \set them.
std::string with_variables(std::string sql, const std::map<std::string, std::string>& vars) {
  for (const auto& [name, value] : vars) {
    for (std::size_t at; (at = sql.find(":'" + name + "'")) != std::string::npos;) {
      sql.replace(at, name.size() + 3, "'" + value + "'");
    }
    for (std::size_t at; (at = sql.find(" :" + name)) != std::string::npos;) sql.replace(at + 1, name.size() + 1, value);
  }
  return sql;
}

class AuditorQueriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pqxx::connection owner(database.owner_conninfo());
    store::migrate(owner, store::embedded_migrations());
    put_the_day();
  }

  void run(const std::string& sql) {
    pqxx::work tx(db);
    tx.exec(sql);
    tx.commit();
  }

  // One business day, 2026-11-28: payments, an operator's and an automatic
  // reversal, a record reconciliation settled, MAC failures, an admin action, a lockout.
  void put_the_day() {
    run(R"(
INSERT INTO mstation.business_txn (txn_id, created_at, business_date, tid, seq_epoch, seq, operator_id, txn,
  customer_no, amount_fen, cash, orig_txn_id, sg186_serial, sg186_request, state, response_code, receipt_no, detail)
VALUES
 (1, '2026-11-28 10:00+08', '2026-11-28', '51010001', 1, 1, '0042', '0202', '5100000001', 12345, true, NULL, 'S1', '\x00', 'succeeded', '00', 'R1', '{}'),
 (2, '2026-11-28 10:05+08', '2026-11-28', '51010001', 1, 2, '0042', '0202', '5100000001', 500, true, NULL, 'S2', '\x00', 'reversed', '00', 'R2', '{}'),
 (3, '2026-11-28 10:06+08', '2026-11-28', '51010001', 1, 3, '0042', '0203', '5100000001', 500, false, 2, 'S3', '\x00', 'succeeded', '00', 'R3', '{}'),
 (4, '2026-11-28 11:00+08', '2026-11-28', '51010002', 1, 1, '0043', '0204', '5100000002', 1000, true, NULL, 'S4', '\x00', 'reversed', '98', NULL, '{}'),
 (5, '2026-11-28 12:00+08', '2026-11-28', '51010002', 1, 2, '0043', '0202', '5100000003', 700, true, NULL, 'S5', '\x00', 'not_charged', '98', NULL, '{}');
INSERT INTO mstation.saf_entry (txn_id, purpose, sg186_txn, sg186_serial, request, state, attempts, next_attempt_at, last_result)
VALUES (4, 'reversal', '012', 'S4R', '\x00', 'done', 2, now(), '0000');
INSERT INTO mstation.recon_run (run_id, business_date, agency, started_at, run_by, result, file_name, file_size,
  file_sha256, station_count, station_amount_fen, sg186_count, sg186_amount_fen, matched, local_only, upstream_only,
  amount_mismatch, state_mismatch) OVERRIDING SYSTEM VALUE
VALUES (1, '2026-11-28', '510100000001', now(), 'cli:audit', 'discrepancies', 'DZ.txt', 1, sha256('x'), 2, 12345,
  1, 12345, 1, 1, 0, 0, 0);
INSERT INTO mstation.recon_item (run_id, serial, class, txn_id, customer_no, station_amount_fen, station_state, note)
VALUES (1, 'S5', 'local_only', 5, '5100000003', 700, 'unknown', 'not charged at SG186');
INSERT INTO mstation.cash_handin (operator_id, amount_fen) VALUES ('0042', 3000);
INSERT INTO mstation.operator_cash (operator_id, in_transit_fen) VALUES ('0042', 9345);
INSERT INTO mstation.alert (raised_at, severity, kind, subject, message)
VALUES ('2026-11-28 09:00+08', 'warning', 'operator_locked', '0099', 'operator 0099 locked for 15 minutes');
)");
    const std::string zero = "'\\x" + std::string(64, '0') + "'";
    const auto row = [&](int pos, const std::string& at, const std::string& kind, const std::string& rest) {
      return "(" + std::to_string(pos) + ", '" + at + "', 'ms1/0', " + zero + ", " + zero + ", '" + kind + "', " +
             rest + ")";
    };
    run("INSERT INTO mstation.journal (chain_pos, recorded_at, chain, prev_hash, row_hash, kind, exchange_id, peer, "
        "tid, seq, txn, code, decoded) VALUES " +
        row(1, "2026-11-28 10:00+08", "hhu_request_raw", "100, '127.0.0.2', '51010001', 1, '0202', NULL, NULL") + "," +
        row(2, "2026-11-28 10:00:01+08", "hhu_response", "100, '127.0.0.2', '51010001', 1, '0202', '00', NULL") + "," +
        row(3, "2026-11-28 10:00:00.5+08", "sg186_request",
            "300, NULL, NULL, NULL, '011', NULL, '{\"header\":{\"serial\":\"S1\"}}'") + "," +
        row(4, "2026-11-28 10:00:00.7+08", "sg186_response",
            "300, NULL, NULL, NULL, '011', '0000', '{\"header\":{\"serial\":\"S1\"}}'") + "," +
        row(5, "2026-11-28 13:00+08", "hhu_request_raw", "200, '127.0.0.9', '51010001', 9, '0202', NULL, NULL") + "," +
        row(6, "2026-11-28 13:00+08", "hhu_response", "200, '127.0.0.9', '51010001', 9, '0202', 'A0', NULL") + "," +
        row(7, "2026-11-28 13:01+08", "hhu_request_raw", "201, '127.0.0.9', '51010003', 9, '0202', NULL, NULL") + "," +
        row(8, "2026-11-28 13:01+08", "hhu_response", "201, '127.0.0.9', '51010003', 9, '0202', 'A0', NULL") + "," +
        row(9, "2026-11-28 13:02+08", "hhu_request_raw", "202, '127.0.0.8', '51010001', 9, '0202', NULL, NULL") + "," +
        row(10, "2026-11-28 13:02+08", "hhu_response", "202, '127.0.0.8', '51010001', 9, '0202', 'A0', NULL"));
    run("INSERT INTO mstation.journal (chain_pos, recorded_at, chain, prev_hash, row_hash, kind, tid, decoded) VALUES "
        "(1, '2026-11-28 14:00+08', 'admin', " + zero + ", " + zero + ", 'terminal_disable', '51010003', "
        "'{\"os_user\":\"wang\",\"by\":\"wang\",\"database_role\":\"mstation_ops\",\"reason\":\"reported lost\","
        "\"before\":{\"enabled\":true},\"after\":{\"enabled\":false}}')");
  }

  // A documented query, run as the auditor.
  pqxx::result ask(int number) {
    const auto queries = documented_queries();
    const auto it = queries.find(number);
    if (it == queries.end()) throw std::runtime_error("docs/auditing.md has no Q" + std::to_string(number));
    pqxx::connection auditor(database.auditor_conninfo());
    pqxx::read_transaction tx(auditor);
    return tx.exec(with_variables(it->second, vars));
  }

  TestDatabase database;
  pqxx::connection db{database.conninfo()};
  std::map<std::string, std::string> vars{{"customer_no", "5100000001"}, {"tid", "51010001"}, {"day", "2026-11-28"},
                                          {"person", "wang"},          {"operator_id", "0042"}, {"txn_id", "1"}};
};

TEST_F(AuditorQueriesTest, TheDocumentHasTenQueries) { EXPECT_EQ(documented_queries().size(), 10u); }

TEST_F(AuditorQueriesTest, Q1ACustomersPaymentsAreItsTwoPaymentsNotTheReversal) {
  const auto r = ask(1);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0]["txn_id"].as<int>(), 1);
  EXPECT_EQ(r[1]["state"].as<std::string>(), "reversed");
}

TEST_F(AuditorQueriesTest, Q2ATerminalsDayIsEveryFrameOfThatTerminal) {
  const auto r = ask(2);
  ASSERT_EQ(r.size(), 6u);  // a payment's request and answer, and two refused frames claiming this TID
  EXPECT_EQ(r[0]["kind"].as<std::string>(), "hhu_request_raw");
}

TEST_F(AuditorQueriesTest, Q3EveryReversalSaysWhoOrWhatReversedIt) {
  const auto r = ask(3);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_NE(r[0]["why"].as<std::string>().find("operator 0042"), std::string::npos);
  EXPECT_NE(r[1]["why"].as<std::string>().find("automatic"), std::string::npos);
  EXPECT_EQ(r[1]["state"].as<std::string>(), "saf:done");
}

TEST_F(AuditorQueriesTest, Q4InDoubtOutcomesShowHowEachEnded) {
  const auto r = ask(4);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0]["txn_id"].as<int>(), 4);
  EXPECT_FALSE(r[0]["saf_entries"].is_null());
  EXPECT_EQ(r[1]["ended_as"].as<std::string>(), "not_charged");
  EXPECT_FALSE(r[1]["recon_items"].is_null());
}

TEST_F(AuditorQueriesTest, Q5AMonthsDiscrepanciesListTheLocalOnlySerial) {
  const auto r = ask(5);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0]["serial"].as<std::string>(), "S5");
  EXPECT_EQ(r[0]["class"].as<std::string>(), "local_only");
}

TEST_F(AuditorQueriesTest, Q6FailedMacAttemptsAreCountedByAddress) {
  const auto r = ask(6);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0]["peer"].as<std::string>(), "127.0.0.9");
  EXPECT_EQ(r[0]["attempts"].as<int>(), 2);
  EXPECT_EQ(r[1]["attempts"].as<int>(), 1);
}

TEST_F(AuditorQueriesTest, Q7APersonsAdministrativeActionsWithTheirReason) {
  const auto r = ask(7);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0]["action"].as<std::string>(), "terminal_disable");
  EXPECT_EQ(r[0]["reason"].as<std::string>(), "reported lost");
}

TEST_F(AuditorQueriesTest, Q8AnOperatorsCashAddsUp) {
  const auto r = ask(8);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0]["collected_fen"].as<std::int64_t>(), 12845);
  EXPECT_EQ(r[0]["reversed_fen"].as<std::int64_t>(), 500);
  EXPECT_EQ(r[0]["handed_in_fen"].as<std::int64_t>(), 3000);
  EXPECT_EQ(r[0]["in_transit_fen"].as<std::int64_t>(), 9345);
}

TEST_F(AuditorQueriesTest, Q9ATransactionsStoryHasItsFramesAndSg186Messages) {
  const auto r = ask(9);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0]["frame_count"].as<int>(), 2);
  const auto sg186 = r[0]["sg186_messages"].as<std::string>();
  EXPECT_NE(sg186.find("sg186_request"), std::string::npos) << sg186;
  EXPECT_NE(sg186.find("sg186_response"), std::string::npos) << sg186;
}

TEST_F(AuditorQueriesTest, ATransactionsFramesAreOnlyThoseOfItsOwnSeqEpoch) {
  // At 10:30 the terminal's SEQ starts again (epoch 2); at 10:40 its new SEQ 1 is another transaction.
  const std::string zero = "'\\x" + std::string(64, '0') + "'";
  // The day's data names terminals it does not enrol: the terminal_request row skips its foreign key.
  run("SET LOCAL session_replication_role = replica; "
      "INSERT INTO mstation.terminal_request (tid, seq_epoch, seq, txn, request_sha256, state, response_frame, "
      "response_code, instance, received_at, answered_at) VALUES ('51010001', 2, 1, '0202', '\\x00', 'answered', "
      "'\\x00', '00', 'ms1', '2026-11-28 10:40+08', '2026-11-28 10:40:01+08')");
  run("INSERT INTO mstation.journal (chain_pos, recorded_at, chain, prev_hash, row_hash, kind, tid, seq, decoded) "
      "VALUES (11, '2026-11-28 10:40+08', 'ms1/0', " + zero + ", " + zero + ", 'hhu_request_raw', '51010001', 1, NULL), "
      "(12, '2026-11-28 10:40:01+08', 'ms1/0', " + zero + ", " + zero + ", 'hhu_response', '51010001', 1, NULL)");
  pqxx::connection auditor(database.auditor_conninfo());
  pqxx::read_transaction tx(auditor);
  const auto frames = tx.exec1("SELECT json_array_length(frames) FROM mstation.audit_txn WHERE txn_id = 1")[0];
  EXPECT_EQ(frames.as<int>(), 2) << "the frames at 10:40 belong to the next SEQ epoch";
}

TEST_F(AuditorQueriesTest, ATransactionsSg186MessagesComeOnlyFromTheDaemonsLanes) {
  // Rows an administrator could append on `recon`, naming the transaction's serial.
  const std::string zero = "'\\x" + std::string(64, '0') + "'";
  run("INSERT INTO mstation.journal (chain_pos, recorded_at, chain, prev_hash, row_hash, kind, exchange_id, txn, code, "
      "decoded) VALUES (50, '2026-11-28 10:01+08', 'recon', " + zero + ", " + zero + ", 'sg186_request', 4242, '011', "
      "NULL, '{\"header\":{\"serial\":\"S1\"}}'), (51, '2026-11-28 10:01+08', 'recon', " + zero + ", " + zero +
      ", 'sg186_response', 4242, '011', '0000', '{\"header\":{\"serial\":\"S1\"}}')");
  pqxx::connection auditor(database.auditor_conninfo());
  pqxx::read_transaction tx(auditor);
  const auto messages =
      tx.exec1("SELECT sg186_messages::text FROM mstation.audit_txn WHERE txn_id = 1")[0].as<std::string>();
  EXPECT_EQ(messages.find("recon"), std::string::npos) << messages;
  EXPECT_NE(messages.find("ms1/0"), std::string::npos) << messages;
}

TEST_F(AuditorQueriesTest, Q10LockoutsOfTheDay) {
  const auto r = ask(10);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0]["operator_id"].as<std::string>(), "0099");
}

}  // namespace
}  // namespace mstation::test
