// Every administrative command leaves its row on the `admin` journal chain,
// with who did it, as which database role, why, and what changed — never a
// secret. The CLI connects as the administrator role (database.admin_conninfo).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_config.hpp"
#include "support/test_database.hpp"

namespace mstation::test {
namespace {

class AdminJournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config = dir.write("mstation.json", minimal_config(database).dump()).string();
    ASSERT_EQ(cli({"migrate"}).exit_code, 0);
    ASSERT_EQ(cli({"keys", "init"}).exit_code, 0);
  }

  ProcessResult cli(std::vector<std::string> words, const std::string& input = "") {
    std::vector<std::string> argv{mstation_binary()};
    argv.insert(argv.end(), words.begin(), words.end());
    argv.push_back("--config");
    argv.push_back(config);
    auto r = run_process(argv, input);
    return r;
  }

  void ok(std::vector<std::string> words, const std::string& input = "") {
    const auto r = cli(words, input);
    ASSERT_EQ(r.exit_code, 0) << words[0] << " " << words[1] << ": " << r.err << r.out;
  }

  struct Row {
    std::string kind;
    std::string tid;
    nlohmann::json decoded;
  };

  // The admin chain's rows, oldest first.
  std::vector<Row> admin_rows() {
    pqxx::connection c(database.conninfo());
    pqxx::read_transaction tx(c);
    std::vector<Row> rows;
    for (const auto& r : tx.exec("SELECT kind, coalesce(tid, ''), decoded::text FROM mstation.journal "
                                 "WHERE chain = 'admin' ORDER BY chain_pos")) {
      rows.push_back({r[0].as<std::string>(), r[1].as<std::string>(), nlohmann::json::parse(r[2].as<std::string>())});
    }
    return rows;
  }

  std::string whole_admin_chain_text() {
    pqxx::connection c(database.conninfo());
    pqxx::read_transaction tx(c);
    return tx.exec1("SELECT coalesce(string_agg(decoded::text || ' ' || coalesce(note, ''), ' '), '') "
                    "FROM mstation.journal WHERE chain = 'admin'")[0]
        .as<std::string>();
  }

  TestDatabase database;
  TempDir dir;
  std::string config;
};

TEST_F(AdminJournalTest, EveryTerminalCommandIsJournaledWithWhoWhyAndWhatChanged) {
  const auto tmk = (dir.path() / "t.tmk").string();
  ok({"terminal", "add", "--tid", "51010001", "--ip", "127.0.0.2", "--suite", "tdea", "--station", "s", "--tmk-out",
      tmk, "--reason", "new handheld for 张三"});
  ok({"terminal", "disable", "--tid", "51010001", "--reason", "reported lost", "--by", "王五"});
  ok({"terminal", "enable", "--tid", "51010001", "--reason", "found"});
  ok({"terminal", "rekey", "--tid", "51010001", "--tmk-out", (dir.path() / "t2.tmk").string()});
  ok({"terminal", "reset-seq", "--tid", "51010001", "--reason", "handheld replaced its memory"});
  const auto csv = dir.write("fleet.csv", "tid,ip,suite,station\n51010002,127.0.0.3,aes,s\n");
  ok({"terminal", "import", csv.string(), "--tmk-out", (dir.path() / "fleet.tmk").string()});

  const auto rows = admin_rows();
  ASSERT_EQ(rows.size(), 6u);
  std::vector<std::string> kinds;
  for (const auto& r : rows) kinds.push_back(r.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"terminal_add", "terminal_disable", "terminal_enable", "terminal_rekey",
                                             "terminal_reset_seq", "terminal_import"}));
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(rows[i].tid, "51010001") << rows[i].kind;
  for (const auto& r : rows) {
    EXPECT_EQ(r.decoded["database_role"], "mstation_ops") << r.kind;
    EXPECT_FALSE(r.decoded["os_user"].get<std::string>().empty()) << r.kind;
  }
  EXPECT_EQ(rows[0].decoded["reason"], "new handheld for 张三");
  EXPECT_EQ(rows[0].decoded["after"]["bound_ip"], "127.0.0.2");
  EXPECT_EQ(rows[1].decoded["by"], "王五");
  EXPECT_EQ(rows[1].decoded["before"]["enabled"], true);
  EXPECT_EQ(rows[1].decoded["after"]["enabled"], false);
  EXPECT_NE(rows[3].decoded["before"]["tmk_kcv"], rows[3].decoded["after"]["tmk_kcv"]);
  EXPECT_EQ(rows[4].decoded["before"]["seq_epoch"], 1);
  EXPECT_EQ(rows[4].decoded["after"]["seq_epoch"], 2);
  EXPECT_EQ(rows[5].decoded["after"]["terminals"][0]["tid"], "51010002");

  // The TMKs handed over appear nowhere in the journal.
  const auto journal = whole_admin_chain_text();
  for (const auto& file : {tmk, (dir.path() / "t2.tmk").string()}) {
    std::ifstream in(file);
    std::string hex;
    in >> hex;
    ASSERT_GE(hex.size(), 32u);
    EXPECT_EQ(journal.find(hex), std::string::npos) << "a TMK is in the journal";
  }
}

TEST_F(AdminJournalTest, EveryOperatorCommandIsJournaledAndNoPasswordIs) {
  ok({"operator", "add", "--id", "0042", "--name", "张三", "--station", "s"}, "secret-one\n");
  ok({"operator", "disable", "--id", "0042", "--reason", "left the company"});
  ok({"operator", "enable", "--id", "0042", "--reason", "came back"});
  {
    pqxx::connection c(database.conninfo());
    pqxx::work tx(c);
    tx.exec("UPDATE mstation.operator SET locked_until = now() + interval '10 minutes' WHERE operator_id = '0042'");
    tx.commit();
  }
  ok({"operator", "passwd", "--id", "0042", "--reason", "forgot it"}, "secret-two\n");

  const auto rows = admin_rows();
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].kind, "operator_add");
  EXPECT_EQ(rows[0].decoded["after"]["name"], "张三");
  EXPECT_EQ(rows[1].kind, "operator_disable");
  EXPECT_EQ(rows[1].decoded["reason"], "left the company");
  EXPECT_EQ(rows[2].kind, "operator_enable");
  EXPECT_EQ(rows[3].kind, "operator_passwd");
  EXPECT_FALSE(rows[3].decoded["before"]["locked_until"].is_null()) << "the lifted lockout is recorded";
  EXPECT_TRUE(rows[3].decoded["after"]["locked_until"].is_null());
  const auto journal = whole_admin_chain_text();
  EXPECT_EQ(journal.find("secret-one"), std::string::npos);
  EXPECT_EQ(journal.find("secret-two"), std::string::npos);
}

TEST_F(AdminJournalTest, CashHandinAndKekRotationAreJournaled) {
  ok({"operator", "add", "--id", "0042", "--name", "张三", "--station", "s"}, "123456\n");
  {
    pqxx::connection c(database.conninfo());
    pqxx::work tx(c);
    tx.exec("INSERT INTO mstation.operator_cash (operator_id, in_transit_fen) VALUES ('0042', 50000)");
    tx.commit();
  }
  ok({"cash", "handin", "--operator", "0042", "--amount-fen", "30000", "--reason", "office, Tuesday"});
  ok({"terminal", "add", "--tid", "51010001", "--ip", "127.0.0.2", "--suite", "tdea", "--station", "s", "--tmk-out",
      (dir.path() / "t.tmk").string()});
  ok({"keys", "rotate-kek", "--reason", "yearly"});

  const auto rows = admin_rows();
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[1].kind, "cash_handin");
  EXPECT_EQ(rows[1].decoded["before"]["in_transit_fen"], 50000);
  EXPECT_EQ(rows[1].decoded["after"]["in_transit_fen"], 20000);
  EXPECT_EQ(rows[1].decoded["reason"], "office, Tuesday");
  EXPECT_EQ(rows[3].kind, "keys_rotate_kek");
  EXPECT_EQ(rows[3].decoded["after"]["terminal_keys"], 1);
  EXPECT_EQ(rows[3].decoded["before"]["kek_ids"].size(), 1u);
  EXPECT_NE(rows[3].decoded["before"]["kek_ids"][0], rows[3].decoded["after"]["kek_id"]);
}

TEST_F(AdminJournalTest, ACommandThatFailsChangesNothingAndJournalsNothing) {
  const auto r = cli({"terminal", "disable", "--tid", "51019999"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("terminal 51019999 is not enrolled"), std::string::npos) << r.err;
  EXPECT_TRUE(admin_rows().empty());
}

}  // namespace
}  // namespace mstation::test
