// The journal: what each exchange leaves behind, the hash chain, and group commit.
#include <thread>

#include "mstation/journal/appender.hpp"
#include "mstation/journal/chain_verifier.hpp"
#include "mstation/journal/group_commit_writer.hpp"
#include "mstation/store/bytea.hpp"
#include "mstation/store/prepared.hpp"
#include "mstation/store/request_store.hpp"
#include "processor_fixture.hpp"

namespace mstation::test {
namespace {

using namespace std::chrono_literals;
namespace txns = txn::txns;

class JournalTest : public ProcessorTest {
 protected:
  pqxx::result rows_of_exchange(std::int64_t id) {
    pqxx::read_transaction tx(db);
    return tx.exec_params(
        "SELECT kind, raw, decoded::text, code, tid, seq, txn, peer, note FROM mstation.journal "
        "WHERE exchange_id = $1 ORDER BY chain_pos",
        id);
  }

  journal::ChainCheck check_chain(const std::string& chain) {
    pqxx::read_transaction tx(db);
    return journal::verify_chain(tx, chain);
  }
};

TEST_F(JournalTest, AnsweredRequestLeavesRawAndDecryptedFormsBothWays) {
  auto terminal = enroll("51010001");
  add_operator("0042", "123456");
  const Bytes request = terminal.request(txns::sign_on, {{"operator_id", "0042"}, {"password", "123456"}}, now);
  const auto outcome = send(request);
  const auto rows = rows_of_exchange(exchange_id);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0][0].as<std::string>(), "hhu_request_raw");
  EXPECT_EQ(store::bytes_of(rows[0][1]), request);
  EXPECT_EQ(rows[1][0].as<std::string>(), "hhu_request");
  EXPECT_EQ(nlohmann::json::parse(rows[1][2].as<std::string>())["password"], "***");
  EXPECT_EQ(rows[2][0].as<std::string>(), "hhu_response");
  EXPECT_EQ(rows[2][3].as<std::string>(), "00");
  EXPECT_EQ(nlohmann::json::parse(rows[2][2].as<std::string>())["tdk"], "***");
  EXPECT_EQ(rows[3][0].as<std::string>(), "hhu_response_raw");
  EXPECT_EQ(store::bytes_of(rows[3][1]), outcome.response);
  EXPECT_EQ(rows[3][8].as<std::string>().rfind("ms_since_accept=", 0), 0u) << rows[3][8].as<std::string>();
  EXPECT_EQ(rows[0][4].as<std::string>(), "51010001");
  EXPECT_EQ(rows[0][5].as<std::int64_t>(), 1);
  EXPECT_EQ(rows[0][6].as<std::string>(), "0001");
  EXPECT_EQ(rows[0][7].as<std::string>(), "127.0.0.2");
}

TEST_F(JournalTest, NoPasswordOrKeyReachesTheJournalInClear) {
  auto terminal = enroll("51010001");
  add_operator("0042", "s3cr3t-pw");
  const auto response = sign_on(terminal, "0042", "s3cr3t-pw");
  ASSERT_EQ(response.code(), "00");
  pqxx::read_transaction tx(db);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM mstation.journal WHERE decoded::text LIKE '%s3cr3t-pw%' "
                     "OR note LIKE '%s3cr3t-pw%'")[0]
                .as<int>(),
            0);
  const auto wrapped_tdk = response.body["tdk"].get<std::string>();
  EXPECT_EQ(tx.exec_params1("SELECT count(*) FROM mstation.journal WHERE decoded::text LIKE '%' || $1 || '%'",
                            wrapped_tdk)[0]
                .as<int>(),
            0);
}

TEST_F(JournalTest, RefusedRequestIsJournaledWithItsReason) {
  auto terminal = enroll("51010001");
  const Bytes request = terminal.request(txns::echo, nlohmann::json::object(), now);
  const auto outcome = send(request, "127.0.0.3");
  ASSERT_EQ(outcome.code, "A3");
  const auto rows = rows_of_exchange(exchange_id);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(store::bytes_of(rows[0][1]), request);
  EXPECT_NE(rows[0][8].as<std::string>().find("bound address"), std::string::npos);
  EXPECT_EQ(rows[1][3].as<std::string>(), "A3");
  EXPECT_EQ(store::bytes_of(rows[2][1]), outcome.response);
}

TEST_F(JournalTest, UnparseableBytesAreJournaled) {
  const Bytes garbage{0x00, 0x35, 'X', 'X', 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
                      21,   22,   23,  24,  25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42,
                      43,   44,   45,  46,  47, 48, 49, 50, 51};
  const auto outcome = send(garbage);
  EXPECT_EQ(outcome.action, txn::Outcome::Action::close);
  const auto rows = rows_of_exchange(exchange_id);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(store::bytes_of(rows[0][1]), garbage);
  EXPECT_EQ(rows[0][8].as<std::string>(), "MAGIC is not HH");
}

TEST_F(JournalTest, ChainVerifiesAndATamperedRowIsNamed) {
  auto terminal = enroll("51010001");
  add_operator("0042", "123456");
  sign_on(terminal);
  exchange(terminal, txns::echo);
  exchange(terminal, txns::echo);
  const auto good = check_chain("test");
  EXPECT_EQ(good.rows, 12);
  EXPECT_FALSE(good.first_broken) << good.reason;
  {
    // The owner disables the trigger to simulate tampering behind the database's back.
    pqxx::work tx(db);
    tx.exec("ALTER TABLE mstation.journal DISABLE TRIGGER journal_append_only");
    tx.exec("UPDATE mstation.journal SET note = 'edited' WHERE chain = 'test' AND chain_pos = 7");
    tx.exec("ALTER TABLE mstation.journal ENABLE TRIGGER journal_append_only");
    tx.commit();
  }
  const auto bad = check_chain("test");
  EXPECT_EQ(bad.first_broken, 7);
  EXPECT_EQ(bad.reason.rfind("changed: row_hash does not match the row's content", 0), 0u) << bad.reason;
}

TEST_F(JournalTest, AnAppendOfMoreRowsThanOneInsertTakesKeepsEveryValueExactAndTheChainWhole) {
  // 19 rows: three INSERTs of at most eight rows, with every kind of value
  // and NULL, bytes that text would mangle, and UTF-8 in the JSON.
  std::vector<journal::Entry> entries;
  for (int i = 0; i < 19; ++i) {
    journal::Entry e;
    e.kind = "test_" + std::to_string(i);
    if (i % 2 == 0) e.exchange_id = 1000 + i;
    if (i % 3 == 0) e.peer = "127.0.0." + std::to_string(i);
    if (i % 4 == 0) e.tid = "5101000" + std::to_string(i % 10);
    if (i % 5 != 0) e.seq = i;
    if (i % 2 == 1) e.code = "00";
    if (i % 3 != 1) e.raw = Bytes{0x00, 0xFF, static_cast<std::uint8_t>(i), 0x5C, 0x27};
    if (i % 2 == 0) e.decoded = nlohmann::json{{"户名", "张三"}, {"i", i}}.dump();
    if (i % 6 == 0) e.note = "it's row " + std::to_string(i);
    entries.push_back(e);
  }
  journal::Appender appender("append-test");
  {
    pqxx::work tx(db);
    appender.begin(tx);
    appender.append(tx, entries);
    tx.commit();
  }
  pqxx::read_transaction tx(db);
  const auto rows = tx.exec(
      "SELECT chain_pos, kind, exchange_id, peer, tid, seq, code, raw, decoded::text, note FROM mstation.journal "
      "WHERE chain = 'append-test' ORDER BY chain_pos");
  ASSERT_EQ(rows.size(), entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    const auto& r = rows[i];
    EXPECT_EQ(r[0].as<std::int64_t>(), static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(r[1].as<std::string>(), e.kind);
    EXPECT_EQ(r[2].is_null() ? std::nullopt : std::optional(r[2].as<std::int64_t>()), e.exchange_id) << i;
    EXPECT_EQ(r[3].is_null() ? std::nullopt : std::optional(r[3].as<std::string>()), e.peer) << i;
    EXPECT_EQ(r[4].is_null() ? std::nullopt : std::optional(r[4].as<std::string>()), e.tid) << i;
    EXPECT_EQ(r[5].is_null() ? std::nullopt : std::optional(r[5].as<std::int64_t>()), e.seq) << i;
    EXPECT_EQ(r[6].is_null() ? std::nullopt : std::optional(r[6].as<std::string>()), e.code) << i;
    EXPECT_EQ(r[7].is_null() ? std::nullopt : std::optional(store::bytes_of(r[7])), e.raw) << i;
    EXPECT_EQ(r[8].is_null() ? std::nullopt : std::optional(r[8].as<std::string>()), e.decoded) << i;
    EXPECT_EQ(r[9].is_null() ? std::nullopt : std::optional(r[9].as<std::string>()), e.note) << i;
  }
  const auto check = journal::verify_chain(tx, "append-test");
  EXPECT_EQ(check.rows, 19);
  EXPECT_FALSE(check.first_broken) << check.reason;
}

TEST_F(JournalTest, TextATextColumnCannotHoldIsEscapedBeforeItIsHashedSoTheStoredRowIsTheHashedRow) {
  journal::Entry e;
  e.kind = "sg186_response_raw";
  e.tid = std::string("5101\0" "001", 8);   // a NODE with a NUL byte from the wire
  e.code = "\xD5\xC5";                      // GBK, not UTF-8
  e.note = "张三 is fine as it is";
  journal::Appender appender("escape-test");
  {
    pqxx::work tx(db);
    appender.begin(tx);
    appender.append(tx, {e});
    tx.commit();
  }
  pqxx::read_transaction tx(db);
  const auto r = tx.exec1("SELECT tid, code, note FROM mstation.journal WHERE chain = 'escape-test'");
  EXPECT_EQ(r[0].as<std::string>(), "5101\\x00001");
  EXPECT_EQ(r[1].as<std::string>(), "\\xD5\\xC5");
  EXPECT_EQ(r[2].as<std::string>(), "张三 is fine as it is");
  const auto check = journal::verify_chain(tx, "escape-test");
  EXPECT_EQ(check.rows, 1);
  EXPECT_FALSE(check.first_broken) << check.reason;
}

TEST_F(JournalTest, AStatementIsPreparedOncePerConnectionAndStillWorksAfterARollback) {
  const std::string sql = "SELECT $1::int + 1";
  {
    pqxx::work tx(db);
    EXPECT_EQ(store::exec_prepared1(tx, sql, 41)[0].as<int>(), 42);
    // The transaction is rolled back: the prepared statement, not transactional, stays.
  }
  pqxx::work tx(db);
  EXPECT_EQ(store::exec_prepared1(tx, sql, 1)[0].as<int>(), 2);
  EXPECT_EQ(store::exec_prepared1(tx, sql, 2)[0].as<int>(), 3);
  EXPECT_EQ(tx.exec_params1("SELECT count(*) FROM pg_prepared_statements WHERE name = $1", store::statement_name(sql))[0]
                .as<int>(),
            1);
  EXPECT_THROW(store::exec_prepared1(tx, "SELECT 1 WHERE false"), pqxx::unexpected_rows);
}

class GroupCommitTest : public JournalTest {
 protected:
  journal::WriteOp journal_only(const std::string& note) {
    return [note](pqxx::transaction_base&, std::vector<journal::Entry>& out) {
      journal::Entry e;
      e.kind = "test";
      e.note = note;
      out.push_back(e);
    };
  }
};

TEST_F(GroupCommitTest, ConcurrentOperationsShareOneTransaction) {
  std::vector<std::size_t> batch_sizes;
  std::mutex sizes_mutex;
  journal::GroupCommitWriter::Options options;
  options.max_batch = 8;
  options.window = 30s;  // the batch closes when the 8th operation arrives
  options.on_batch = [&](std::size_t size, double) {
    std::lock_guard lock(sizes_mutex);
    batch_sizes.push_back(size);
  };
  journal::GroupCommitWriter writer(database.daemon_conninfo(), "ms1", options);
  std::vector<std::thread> sessions;
  for (int i = 0; i < 8; ++i) sessions.emplace_back([&, i] { writer.commit(journal_only("op " + std::to_string(i))); });
  for (auto& s : sessions) s.join();
  writer.stop();
  EXPECT_EQ(batch_sizes, std::vector<std::size_t>{8});
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.journal WHERE chain = 'ms1'"), 8);
  EXPECT_FALSE(check_chain("ms1").first_broken);
}

TEST_F(GroupCommitTest, OneFailingOperationDoesNotFailTheOthersInItsBatch) {
  enroll("51010001");
  journal::GroupCommitWriter::Options options;
  options.max_batch = 3;
  options.window = 30s;  // all three in one batch
  journal::GroupCommitWriter writer(database.daemon_conninfo(), "ms1", options);
  const auto reserve_then = [](std::uint32_t seq, bool fail) {
    return [seq, fail](pqxx::transaction_base& tx, std::vector<journal::Entry>& out) {
      store::reserve_request(tx, {"51010001", 1, seq}, "0003", {}, "ms1");
      journal::Entry e;
      e.kind = "test";
      e.seq = seq;
      out.push_back(e);
      if (fail) tx.exec("SELECT 1/0");  // an SQL error after writing: its savepoint must roll back
    };
  };
  std::exception_ptr failures[3];
  std::thread sessions[3];
  for (int i = 0; i < 3; ++i) {
    sessions[i] = std::thread([&, i] {
      try {
        writer.commit(reserve_then(static_cast<std::uint32_t>(10 + i), i == 1));
      } catch (...) {
        failures[i] = std::current_exception();
      }
    });
  }
  for (auto& t : sessions) t.join();
  writer.stop();
  EXPECT_FALSE(failures[0]);
  ASSERT_TRUE(failures[1]);
  try {
    std::rethrow_exception(failures[1]);
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("division by zero"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(failures[2]);
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.terminal_request WHERE seq = 11"), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.terminal_request WHERE seq IN (10, 12)"), 2);
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.journal WHERE chain = 'ms1'"), 2);
  const auto chain = check_chain("ms1");
  EXPECT_EQ(chain.rows, 2);
  EXPECT_FALSE(chain.first_broken) << chain.reason;
}

TEST_F(GroupCommitTest, ChainContinuesAcrossWriterRestarts) {
  journal::GroupCommitWriter::Options options;
  options.window = 0ms;
  {
    journal::GroupCommitWriter writer(database.daemon_conninfo(), "ms1", options);
    writer.commit(journal_only("first life"));
  }
  {
    journal::GroupCommitWriter writer(database.daemon_conninfo(), "ms1", options);
    writer.commit(journal_only("second life"));
  }
  const auto chain = check_chain("ms1");
  EXPECT_EQ(chain.rows, 2);
  EXPECT_FALSE(chain.first_broken) << chain.reason;
}

TEST_F(GroupCommitTest, SecondWriterOnTheSameChainIsRefused) {
  journal::GroupCommitWriter::Options options;
  options.window = 0ms;
  journal::GroupCommitWriter first(database.daemon_conninfo(), "ms1", options);
  first.commit(journal_only("holds the chain"));
  journal::GroupCommitWriter second(database.daemon_conninfo(), "ms1", options);
  try {
    second.commit(journal_only("would fork it"));
    FAIL() << "two writers on one chain";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("its own station.instance name"), std::string::npos) << e.what();
  }
}

TEST_F(GroupCommitTest, UnreachableDatabaseFailsTheCommitPromptly) {
  journal::GroupCommitWriter::Options options;
  options.window = 0ms;
  journal::GroupCommitWriter writer("host=127.0.0.1 port=1 connect_timeout=2", "ms1", options);
  EXPECT_THROW(writer.commit(journal_only("nowhere")), journal::DatabaseUnavailable);
  EXPECT_FALSE(writer.database_up());
}

TEST_F(GroupCommitTest, CommitAfterStopIsRefused) {
  journal::GroupCommitWriter::Options options;
  journal::GroupCommitWriter writer(database.daemon_conninfo(), "ms1", options);
  writer.stop();
  EXPECT_THROW(writer.commit(journal_only("late")), std::runtime_error);
}

}  // namespace
}  // namespace mstation::test
