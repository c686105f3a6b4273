// The roles of docs/operations.md hold: the daemon's role keeps what serving
// needs and nothing else, the auditor only reads, and `mstation serve`
// refuses a role that could rewrite the journal.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "mstation/store/serving_role.hpp"
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

  // Why `conninfo` may not serve, "" when it may.
  std::string serving_problem(const std::string& conninfo) {
    pqxx::connection c(conninfo);
    pqxx::read_transaction tx(c);
    return store::serving_role_problem(tx).value_or("");
  }

  // A login of this test's own, created by the superuser with `options`
  // (e.g. "IN ROLE mstation_app CREATEROLE"), dropped when the test ends.
  std::string login_with(const std::string& suffix, const std::string& options) {
    const auto name = database.name() + "_" + suffix;
    pqxx::work tx(db);
    tx.exec("CREATE ROLE " + name + " LOGIN " + options);
    tx.commit();
    created_roles.push_back(name);
    return name;
  }

  void TearDown() override {
    for (auto it = created_roles.rbegin(); it != created_roles.rend(); ++it) {
      pqxx::work tx(db);
      tx.exec("DROP OWNED BY " + *it);
      tx.exec("DROP ROLE " + *it);
      tx.commit();
    }
    ProcessorTest::TearDown();
  }

  // An INSERT of one journal row on `chain` whose decoded text is `decoded`.
  static std::string journal_row(const std::string& chain, const std::string& decoded = "{}") {
    return "INSERT INTO mstation.journal (recorded_at, chain, chain_pos, kind, decoded, prev_hash, row_hash) "
           "VALUES (now(), '" + chain + "', 999, 'terminal_add', '" + decoded +
           "', decode(repeat('00', 32), 'hex'), decode(repeat('11', 32), 'hex'))";
  }

  std::vector<std::string> created_roles;

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

TEST_F(RolesTest, DaemonRoleCannotAppendARowToTheAdminChain) {
  const auto failure = as_daemon(journal_row("admin", R"({"database_role":"mstation_daemon"})"));
  EXPECT_EQ(failure.substr(0, 5), refused) << failure;
  EXPECT_NE(failure.find("only an administrator or the owner writes the admin chain"), std::string::npos) << failure;
}

TEST_F(RolesTest, AdministratorCannotAppendARowToADaemonLane) {
  const auto failure = failure_of(database.admin_conninfo(), journal_row("station-1/0"));
  EXPECT_EQ(failure.substr(0, 5), refused) << failure;
  EXPECT_NE(failure.find("only the daemon writes its own chains"), std::string::npos) << failure;
}

TEST_F(RolesTest, AnAdminChainRowMustNameTheRoleThatWritesIt) {
  const auto claimed = failure_of(database.admin_conninfo(), journal_row("admin", R"({"database_role":"someone"})"));
  EXPECT_EQ(claimed.substr(0, 5), refused) << claimed;
  EXPECT_NE(claimed.find("must name the login writing it (mstation_ops), not someone"), std::string::npos) << claimed;
  EXPECT_EQ(failure_of(database.admin_conninfo(), journal_row("admin", R"({"database_role":"mstation_ops"})")), "");
}

TEST_F(RolesTest, DaemonRoleCannotUnvoidAWorkingKeyOrLowerItsCipherBlocksByChangingIssuedAt) {
  {
    pqxx::work tx(db);
    tx.exec("INSERT INTO mstation.working_key (tid, key_version, operator_id, tdk_wrapped, tak_wrapped, kek_id, "
            "issued_at, expires_at, voided_at, cipher_blocks) VALUES ('51010001', 7, '0042', '\\x01', '\\x02', 'k', "
            "now(), now() + interval '1 day', now(), 500)");
    tx.commit();
  }
  for (const char* set : {"voided_at = NULL", "cipher_blocks = 0"}) {
    const auto failure = as_daemon(std::string("UPDATE mstation.working_key SET issued_at = now() + interval '1 s', ") +
                                   set + " WHERE tid = '51010001' AND key_version = 7");
    EXPECT_EQ(failure.substr(0, 5), refused) << set << ": " << failure;
  }
  // A new bundle (new wrapped keys) starts its own count.
  EXPECT_EQ(as_daemon("UPDATE mstation.working_key SET tdk_wrapped = '\\x03', tak_wrapped = '\\x04', "
                      "issued_at = now(), voided_at = NULL, cipher_blocks = 0 "
                      "WHERE tid = '51010001' AND key_version = 7"),
            "");
}

TEST_F(RolesTest, DaemonRoleCannotAcknowledgeAnAlert) {
  {
    pqxx::work tx(db);
    tx.exec("INSERT INTO mstation.alert (severity, kind, message) VALUES ('critical', 'saf_stuck', 'x')");
    tx.commit();
  }
  const auto failure = as_daemon("UPDATE mstation.alert SET acknowledged_at = now(), acknowledged_by = 'daemon'");
  EXPECT_EQ(failure.substr(0, 5), refused) << failure;
  EXPECT_EQ(as_daemon("INSERT INTO mstation.alert (severity, kind, message) VALUES ('warning', 'x', 'raised')"), "");
}

TEST_F(RolesTest, TheDaemonRoleMayServe) { EXPECT_EQ(serving_problem(database.daemon_conninfo()), ""); }

TEST_F(RolesTest, ServeRefusesASuperuserLoginActingAsTheDaemonRole) {
  const auto problem = serving_problem(database.conninfo() + " options='-c role=mstation_daemon'");
  EXPECT_NE(problem.find("database login postgres (acting as mstation_daemon) is a superuser"), std::string::npos)
      << problem;
}

TEST_F(RolesTest, ServeRefusesALoginThatCanBecomeASuperuser) {
  const auto powerful = database.name() + "_powerful";
  {
    pqxx::work tx(db);
    tx.exec("CREATE ROLE " + powerful + " SUPERUSER NOLOGIN");
    tx.commit();
  }
  created_roles.push_back(powerful);
  const auto login = login_with("climber", "IN ROLE mstation_app, " + powerful);
  const auto problem = serving_problem(database.as(login));
  EXPECT_NE(problem.find("can become superuser role " + powerful), std::string::npos) << problem;
}

TEST_F(RolesTest, ServeRefusesALoginThatCanCreateRoles) {
  const auto login = login_with("creator", "CREATEROLE IN ROLE mstation_app");
  const auto problem = serving_problem(database.as(login));
  EXPECT_NE(problem.find("can create roles (CREATEROLE, through " + login + ")"), std::string::npos) << problem;
}

TEST_F(RolesTest, ServeRefusesAnAdministrator) {
  const auto login = login_with("both", "IN ROLE mstation_app, mstation_admin");
  const auto problem = serving_problem(database.as(login));
  EXPECT_NE(problem.find("is a member of mstation_admin"), std::string::npos) << problem;
}

TEST_F(RolesTest, ServeRefusesALoginThatMayUpdateOneColumnOfTheJournal) {
  const auto login = login_with("columns", "IN ROLE mstation_app");
  {
    pqxx::work tx(db);
    tx.exec("GRANT UPDATE (note) ON mstation.journal TO " + login);
    tx.commit();
  }
  const auto problem = serving_problem(database.as(login));
  EXPECT_NE(problem.find("can change the journal: journal (UPDATE)"), std::string::npos) << problem;
}

TEST_F(RolesTest, DaemonRoleCannotRaiseAnAlertAlreadyAcknowledged) {
  const auto failure = as_daemon(
      "INSERT INTO mstation.alert (severity, kind, message, acknowledged_at, acknowledged_by) "
      "VALUES ('critical', 'saf_manual', 'x', now(), 'ops_wang')");
  EXPECT_EQ(failure.substr(0, 5), refused) << failure;
}

TEST_F(RolesTest, ServeRefusesALoginThatMayRunProgramsAsTheServer) {
  const auto login = login_with("exec", "IN ROLE mstation_app, pg_execute_server_program");
  const auto problem = serving_problem(database.as(login));
  EXPECT_NE(problem.find("is a member of pg_execute_server_program"), std::string::npos) << problem;
}

TEST_F(RolesTest, ServeRefusesALoginThatMaySwitchTriggersOff) {
  const auto login = login_with("replica", "IN ROLE mstation_app");
  {
    pqxx::work tx(db);
    tx.exec("GRANT SET ON PARAMETER session_replication_role TO " + login);
    tx.commit();
  }
  const auto problem = serving_problem(database.as(login));
  EXPECT_NE(problem.find("may SET session_replication_role"), std::string::npos) << problem;
  pqxx::work tx(db);
  tx.exec("REVOKE SET ON PARAMETER session_replication_role FROM " + login);
  tx.commit();
}

TEST_F(RolesTest, ServeRefusesALoginThatMayCreateInASchema) {
  const auto login = login_with("creates", "IN ROLE mstation_app");
  {
    pqxx::work tx(db);
    tx.exec("GRANT CREATE ON SCHEMA public TO " + login);
    tx.commit();
  }
  const auto problem = serving_problem(database.as(login));
  EXPECT_NE(problem.find("may CREATE in schema public"), std::string::npos) << problem;
}

TEST_F(RolesTest, AShadowingFunctionOnTheSearchPathDoesNotOpenADaemonLaneToAnAdministrator) {
  const auto login = login_with("shadow", "IN ROLE mstation_admin");
  {
    pqxx::work tx(db);
    tx.exec("GRANT CREATE ON SCHEMA public TO " + login);
    tx.commit();
  }
  const auto failure = failure_of(
      database.as(login),
      "CREATE FUNCTION public.pg_has_role(name, name, text) RETURNS boolean LANGUAGE sql "
      "AS $$SELECT $2 = 'mstation_app'$$; SET search_path = public, pg_catalog; " + journal_row("ms1/0"));
  EXPECT_EQ(failure.substr(0, 5), refused) << failure;
}

}  // namespace
}  // namespace mstation::test
