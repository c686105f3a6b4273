// The roles of docs/operations.md hold: the daemon's role keeps what serving
// needs and nothing else, the auditor only reads, and `mstation serve`
// refuses a role that could rewrite the journal.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "processor_fixture.hpp"
#include "support/process.hpp"
#include "support/test_config.hpp"

namespace mstation::test {
namespace {

// Runs `sql` in its own transaction on `conninfo`: "" when it succeeded,
// else "refused" (insufficient_privilege) or "failed", and the message.
std::string failure_of(const std::string& conninfo, const std::string& sql) {
  pqxx::connection c(conninfo);
  pqxx::work tx(c);
  try {
    tx.exec(sql);
    tx.commit();
    return "";
  } catch (const pqxx::insufficient_privilege& e) {
    return std::string("refused ") + e.what();
  } catch (const pqxx::sql_error& e) {
    return std::string("failed ") + e.what();
  }
}

constexpr const char* refused = "refus";

class RolesTest : public ProcessorTest {
 protected:
  void SetUp() override {
    ProcessorTest::SetUp();
    enroll("51010001");
    add_operator("0042", "123456");
  }

  std::string as_daemon(const std::string& sql) { return failure_of(database.daemon_conninfo(), sql); }
  std::string as_auditor(const std::string& sql) { return failure_of(database.auditor_conninfo(), sql); }

  // Every table holding journal rows: the parent and each partition.
  std::vector<std::string> journal_tables() {
    std::vector<std::string> names{"mstation.journal"};
    pqxx::read_transaction tx(db);
    for (const auto& r : tx.exec("SELECT inhrelid::regclass::text FROM pg_inherits "
                                 "WHERE inhparent = 'mstation.journal'::regclass ORDER BY 1")) {
      names.push_back(r[0].as<std::string>());
    }
    return names;
  }

  // The daemon loads its KEK before it checks its role.
  bool init_keys() {
    const auto file = dir.write("keys.json", minimal_config(database).dump()).string();
    return run_process({mstation_binary(), "keys", "init", "--config", file}).exit_code == 0;
  }

  // `mstation serve` with `conninfo` as its role: what it printed and its exit status.
  ProcessResult serve_as(const std::string& conninfo) {
    auto c = minimal_config(database);
    c["database"]["conninfo"] = conninfo;
    c["admin_listener"] = {{"address", "127.0.0.1"}, {"port", 0}};
    dir.write("allowlist.conf", "127.0.0.2\n");
    const auto file = dir.write("serve.json", c.dump()).string();
    return run_process({mstation_binary(), "serve", "--config", file});
  }
};

TEST_F(RolesTest, DaemonRoleCannotEnrollATerminal) {
  const auto failure = as_daemon(
      "INSERT INTO mstation.terminal (tid, bound_ip, suite, station, tmk_wrapped, tmk_kcv, kek_id) "
      "VALUES ('51019999', '127.0.0.9', 1, 's', '\\x00', '000000', 'k')");
  EXPECT_EQ(failure.substr(0, 5), refused) << failure;
}

TEST_F(RolesTest, DaemonRoleCannotChangeATerminalsBindingSuiteEnabledFlagOrMasterKey) {
  for (const char* set : {"bound_ip = '127.0.0.9'", "suite = 2", "enabled = false", "tmk_wrapped = '\\x00'",
                          "seq_epoch = seq_epoch + 1"}) {
    const auto failure = as_daemon(std::string("UPDATE mstation.terminal SET ") + set + " WHERE tid = '51010001'");
    EXPECT_EQ(failure.substr(0, 5), refused) << set << ": " << failure;
  }
}

TEST_F(RolesTest, DaemonRoleCannotLowerATerminalsHighestSeq) {
  ASSERT_EQ(as_daemon("UPDATE mstation.terminal SET highest_seq = 10 WHERE tid = '51010001'"), "");
  const auto failure = as_daemon("UPDATE mstation.terminal SET highest_seq = 3 WHERE tid = '51010001'");
  EXPECT_EQ(failure.substr(0, 5), refused) << failure;
  EXPECT_NE(failure.find("lowering highest_seq"), std::string::npos) << failure;
}

TEST_F(RolesTest, DaemonRoleCannotChangeAnOperatorsPasswordStationOrEnabledFlag) {
  for (const char* set : {"password_hash = '\\x00'", "station = 'x'", "enabled = false"}) {
    const auto failure = as_daemon(std::string("UPDATE mstation.operator SET ") + set + " WHERE operator_id = '0042'");
    EXPECT_EQ(failure.substr(0, 5), refused) << set << ": " << failure;
  }
  const auto insert = as_daemon(
      "INSERT INTO mstation.operator (operator_id, name, station, password_hash, password_salt, password_iterations) "
      "VALUES ('0099', 'x', 's', '\\x00', '\\x00', 1)");
  EXPECT_EQ(insert.substr(0, 5), refused) << insert;
}

TEST_F(RolesTest, DaemonRoleMayImposeALockoutButNotLiftIt) {
  ASSERT_EQ(as_daemon("UPDATE mstation.operator SET locked_until = now() + interval '15 minutes' "
                      "WHERE operator_id = '0042'"),
            "");
  for (const char* set : {"locked_until = NULL", "locked_until = now()"}) {
    const auto failure = as_daemon(std::string("UPDATE mstation.operator SET ") + set + " WHERE operator_id = '0042'");
    EXPECT_EQ(failure.substr(0, 5), refused) << set << ": " << failure;
    EXPECT_NE(failure.find("lifting a lockout"), std::string::npos) << failure;
  }
}

TEST_F(RolesTest, DaemonRoleCannotHandInCash) {
  const auto failure =
      as_daemon("INSERT INTO mstation.cash_handin (operator_id, amount_fen) VALUES ('0042', 100)");
  EXPECT_EQ(failure.substr(0, 5), refused) << failure;
}

TEST_F(RolesTest, DaemonRoleCannotUpdateDeleteOrTruncateAnyJournalTable) {
  const auto tables = journal_tables();
  ASSERT_GE(tables.size(), 5u);  // the parent, the default partition, three months
  for (const auto& table : tables) {
    for (const auto& sql : {"UPDATE " + table + " SET note = 'x'", "DELETE FROM " + table, "TRUNCATE " + table}) {
      const auto failure = as_daemon(sql);
      EXPECT_EQ(failure.substr(0, 5), refused) << sql << ": " << failure;
    }
  }
}

TEST_F(RolesTest, AuditorRoleCannotWriteAnyTable) {
  pqxx::read_transaction tx(db);
  const auto writable = tx.exec(
      "SELECT c.oid::regclass::text, p FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, "
      "unnest(ARRAY['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) AS p "
      "WHERE n.nspname = 'mstation' AND c.relkind IN ('r', 'p') AND has_table_privilege('mstation_audit', c.oid, p)");
  for (const auto& r : writable) ADD_FAILURE() << "the auditor may " << r[1].c_str() << " " << r[0].c_str();
  const auto failure = as_auditor("INSERT INTO mstation.alert (severity, kind, message) VALUES ('warning', 'x', 'x')");
  EXPECT_EQ(failure.substr(0, 5), refused) << failure;
}

TEST_F(RolesTest, AuditorRoleReadsTheBooksButNoKeyMaterialPasswordHashOrRegister) {
  for (const char* sql : {"SELECT tmk_wrapped FROM mstation.terminal", "SELECT password_hash FROM mstation.operator",
                          "SELECT password_salt FROM mstation.operator", "SELECT tdk_wrapped FROM mstation.working_key",
                          "SELECT tak_wrapped FROM mstation.working_key"}) {
    const auto failure = as_auditor(sql);
    EXPECT_EQ(failure.substr(0, 5), refused) << sql << ": " << failure;
  }
  for (const char* sql : {"SELECT tid FROM mstation.terminal", "SELECT operator_id FROM mstation.operator",
                          "SELECT operator_id FROM mstation.operator_login_failure"}) {
    const auto failure = as_auditor(sql);
    EXPECT_EQ(failure.substr(0, 5), refused) << "not the registers either: " << sql << ": " << failure;
  }
  for (const char* sql : {"SELECT count(*) FROM mstation.journal", "SELECT count(*) FROM mstation.business_txn",
                          "SELECT count(*) FROM mstation.saf_entry", "SELECT count(*) FROM mstation.alert",
                          "SELECT count(*) FROM mstation.recon_item", "SELECT count(*) FROM mstation.audit_txn",
                          "SELECT count(*) FROM mstation.audit_admin_action"}) {
    EXPECT_EQ(as_auditor(sql), "") << sql;
  }
}

TEST_F(RolesTest, ServeRefusesASuperuserNamingTheReason) {
  ASSERT_TRUE(init_keys());
  const auto r = serve_as(database.conninfo());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE((r.out + r.err).find("refusing to serve: database role postgres is a superuser"), std::string::npos)
      << r.out << r.err;
}

TEST_F(RolesTest, ServeRefusesTheOwnerNamingTheReason) {
  ASSERT_TRUE(init_keys());
  const auto r = serve_as(database.owner_conninfo());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE((r.out + r.err).find("database role mstation_owner owns schema mstation"), std::string::npos)
      << r.out << r.err;
}

TEST_F(RolesTest, ServeRefusesARoleThatCanDeleteFromAJournalPartition) {
  const auto partition = journal_tables().back();
  {
    pqxx::work tx(db);
    tx.exec("CREATE ROLE " + database.name() + "_loose LOGIN IN ROLE mstation_app");
    tx.exec("GRANT DELETE ON " + partition + " TO " + database.name() + "_loose");
    tx.commit();
  }
  ASSERT_TRUE(init_keys());
  const auto r = serve_as(database.as(database.name() + "_loose"));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const auto table = partition.substr(partition.find('.') + 1);
  EXPECT_NE((r.out + r.err).find("can change the journal: " + table + " (DELETE)"), std::string::npos)
      << r.out << r.err;
  pqxx::work tx(db);
  tx.exec("REVOKE ALL ON " + partition + " FROM " + database.name() + "_loose");
  tx.exec("DROP ROLE " + database.name() + "_loose");
  tx.commit();
}

}  // namespace
}  // namespace mstation::test
