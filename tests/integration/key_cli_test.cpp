// keys, terminal and operator commands as provisioning staff run them.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "mstation/hhu/crypto.hpp"
#include "mstation/keys/kek.hpp"
#include "mstation/store/bytea.hpp"
#include "support/process.hpp"
#include "support/test_config.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

namespace mstation {
namespace {

namespace fs = std::filesystem;
using test::run_process;

class KeyCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config = dir.write("mstation.json", test::minimal_config(database).dump()).string();
    ASSERT_EQ(mstation({"migrate"}).exit_code, 0);
    ASSERT_EQ(mstation({"keys", "init"}).exit_code, 0);
  }

  test::ProcessResult mstation(std::vector<std::string> words, const std::string& input = "") {
    std::vector<std::string> argv{test::mstation_binary()};
    argv.insert(argv.end(), words.begin(), words.end());
    argv.push_back("--config");
    argv.push_back(config);
    return run_process(argv, input);
  }

  // The TMK and KCV that `terminal add` printed.
  static std::pair<std::string, std::string> printed_tmk(const std::string& out) {
    const auto tmk_at = out.find("TMK ");
    const auto kcv_at = out.find("KCV ");
    if (tmk_at == std::string::npos || kcv_at == std::string::npos) return {};
    return {out.substr(tmk_at + 4, out.find('\n', tmk_at) - tmk_at - 4), out.substr(kcv_at + 4, 6)};
  }

  pqxx::row terminal_row(const std::string& tid) {
    pqxx::connection c(database.conninfo());
    pqxx::read_transaction tx(c);
    return tx.exec_params1(
        "SELECT tmk_wrapped, tmk_kcv, kek_id, enabled, seq_epoch, host(bound_ip), suite FROM mstation.terminal "
        "WHERE tid = $1",
        tid);
  }

  test::TestDatabase database;
  test::TempDir dir;
  std::string config;
};

TEST_F(KeyCliTest, KeysInitCreatesAPrivateFileAndRefusesASecondTime) {
  struct stat info {};
  ASSERT_EQ(stat((dir.path() / "kek.key").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  const auto again = mstation({"keys", "init"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("cannot create"), std::string::npos) << again.err;
}

TEST_F(KeyCliTest, TerminalAddPrintsTheTmkOnceAndStoresItSealed) {
  const auto r = mstation({"terminal", "add", "--tid", "51010001", "--ip", "127.0.0.2", "--suite", "tdea",
                           "--station", "城关供电所"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto [tmk_hex, kcv] = printed_tmk(r.out);
  ASSERT_EQ(tmk_hex.size(), 48u) << r.out;
  EXPECT_EQ(hhu::key_check_value(hhu::Suite::tdea, *from_hex(tmk_hex)), kcv);
  EXPECT_EQ(r.err.find(tmk_hex), std::string::npos) << "the TMK reached the log";
  const auto row = terminal_row("51010001");
  EXPECT_EQ(row[1].as<std::string>(), kcv);
  EXPECT_EQ(row[5].as<std::string>(), "127.0.0.2");
  // Sealed under the KEK in the file: opens to the printed TMK.
  const auto ring = keys::KekRing::load(dir.path() / "kek.key");
  const auto tmk = ring.open(store::bytes_of(row[0]), row[2].as<std::string>(), "tmk:51010001");
  EXPECT_EQ(to_hex(tmk), tmk_hex);
  const auto list = mstation({"terminal", "list"});
  EXPECT_NE(list.out.find("51010001"), std::string::npos);
  EXPECT_EQ(list.out.find(tmk_hex), std::string::npos);
}

TEST_F(KeyCliTest, TerminalAddWithTmkOutWritesAPrivateFileAndPrintsOnlyTheKcv) {
  const auto out_file = dir.path() / "51010002.tmk";
  const auto r = mstation({"terminal", "add", "--tid", "51010002", "--ip", "127.0.0.3", "--suite", "aes", "--station",
                           "城关供电所", "--tmk-out", out_file.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(out_file);
  std::string tmk_hex, kcv;
  in >> tmk_hex >> kcv;
  EXPECT_EQ(tmk_hex.size(), 32u);
  EXPECT_EQ(hhu::key_check_value(hhu::Suite::aes, *from_hex(tmk_hex)), kcv);
  EXPECT_EQ(r.out.find(tmk_hex), std::string::npos);
  EXPECT_NE(r.out.find(kcv), std::string::npos);
  struct stat info {};
  ASSERT_EQ(stat(out_file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST_F(KeyCliTest, TmkOutMustBeANewFileAndNothingIsEnrolledOtherwise) {
  const auto existing = dir.write("taken.tmk", "something\n");
  const auto r = mstation({"terminal", "add", "--tid", "51010001", "--ip", "127.0.0.2", "--suite", "tdea", "--station",
                           "x", "--tmk-out", existing.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("exists; name a new file"), std::string::npos) << r.err;
  pqxx::connection c(database.conninfo());
  pqxx::read_transaction tx(c);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM mstation.terminal")[0].as<int>(), 0);
}

TEST_F(KeyCliTest, TerminalAddRefusesBadInputAndDuplicates) {
  EXPECT_EQ(mstation({"terminal", "add", "--tid", "5101", "--ip", "127.0.0.2", "--suite", "tdea", "--station", "x"})
                .exit_code,
            2);
  EXPECT_EQ(mstation({"terminal", "add", "--tid", "51010001", "--ip", "nowhere", "--suite", "tdea", "--station", "x"})
                .exit_code,
            2);
  EXPECT_EQ(mstation({"terminal", "add", "--tid", "51010001", "--ip", "127.0.0.2", "--suite", "des", "--station", "x"})
                .exit_code,
            2);
  ASSERT_EQ(mstation({"terminal", "add", "--tid", "51010001", "--ip", "127.0.0.2", "--suite", "tdea", "--station", "x"})
                .exit_code,
            0);
  const auto dup =
      mstation({"terminal", "add", "--tid", "51010001", "--ip", "127.0.0.2", "--suite", "tdea", "--station", "x"});
  EXPECT_EQ(dup.exit_code, 1);
  EXPECT_NE(dup.err.find("already enrolled"), std::string::npos) << dup.err;
}

TEST_F(KeyCliTest, DisableEnableResetSeqAndRekey) {
  const auto added =
      mstation({"terminal", "add", "--tid", "51010001", "--ip", "127.0.0.2", "--suite", "tdea", "--station", "x"});
  const auto old_kcv = printed_tmk(added.out).second;
  EXPECT_EQ(mstation({"terminal", "disable", "--tid", "51010001"}).exit_code, 0);
  EXPECT_FALSE(terminal_row("51010001")[3].as<bool>());
  EXPECT_EQ(mstation({"terminal", "enable", "--tid", "51010001"}).exit_code, 0);
  EXPECT_TRUE(terminal_row("51010001")[3].as<bool>());
  EXPECT_EQ(mstation({"terminal", "reset-seq", "--tid", "51010001"}).exit_code, 0);
  EXPECT_EQ(terminal_row("51010001")[4].as<int>(), 2);
  const auto rekeyed = mstation({"terminal", "rekey", "--tid", "51010001"});
  ASSERT_EQ(rekeyed.exit_code, 0) << rekeyed.err;
  EXPECT_NE(printed_tmk(rekeyed.out).second, old_kcv);
  EXPECT_EQ(terminal_row("51010001")[1].as<std::string>(), printed_tmk(rekeyed.out).second);
  EXPECT_EQ(mstation({"terminal", "disable", "--tid", "59999999"}).exit_code, 1);
}

TEST_F(KeyCliTest, OperatorAddReadsThePasswordFromStdinAndNeverPrintsIt) {
  const auto r = mstation({"operator", "add", "--id", "0042", "--name", "张三", "--station", "城关供电所"}, "s3cr3t-pw\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("s3cr3t-pw"), std::string::npos);
  EXPECT_EQ(r.err.find("s3cr3t-pw"), std::string::npos);
  pqxx::connection c(database.conninfo());
  pqxx::read_transaction tx(c);
  const auto row = tx.exec1("SELECT name, password_iterations, length(password_hash) FROM mstation.operator");
  EXPECT_EQ(row[0].as<std::string>(), "张三");
  EXPECT_EQ(row[2].as<int>(), 32);
}

TEST_F(KeyCliTest, OperatorPasswordMustBeLongEnough) {
  const auto r = mstation({"operator", "add", "--id", "0042", "--name", "张三", "--station", "x"}, "123\n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("at least 6"), std::string::npos) << r.err;
}

TEST_F(KeyCliTest, OperatorPasswdClearsALockout) {
  ASSERT_EQ(mstation({"operator", "add", "--id", "0042", "--name", "张三", "--station", "x"}, "123456\n").exit_code, 0);
  {
    pqxx::connection c(database.conninfo());
    pqxx::work tx(c);
    tx.exec("UPDATE mstation.operator SET locked_until = now() + interval '15 minutes'");
    tx.commit();
  }
  ASSERT_EQ(mstation({"operator", "passwd", "--id", "0042"}, "654321\n").exit_code, 0);
  pqxx::connection c(database.conninfo());
  pqxx::read_transaction tx(c);
  EXPECT_TRUE(tx.exec1("SELECT locked_until FROM mstation.operator")[0].is_null());
  EXPECT_EQ(mstation({"operator", "disable", "--id", "0042"}).exit_code, 0);
}

TEST_F(KeyCliTest, RotateKekResealsEveryKeyAndKeepsThePreviousFile) {
  for (const char* tid : {"51010001", "51010002"}) {
    ASSERT_EQ(mstation({"terminal", "add", "--tid", tid, "--ip", "127.0.0.2", "--suite", "tdea", "--station", "x"})
                  .exit_code,
              0);
  }
  const auto old_id = terminal_row("51010001")[2].as<std::string>();
  const auto r = mstation({"keys", "rotate-kek"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("re-sealed 2 terminal master keys"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(dir.path() / "kek.key.previous"));
  EXPECT_FALSE(fs::exists(dir.path() / "kek.key.next"));
  // Only the new KEK is needed now: move the previous one away and open every key.
  fs::rename(dir.path() / "kek.key.previous", dir.path() / "old.key");
  const auto verified = mstation({"keys", "verify"});
  EXPECT_EQ(verified.exit_code, 0) << verified.err;
  EXPECT_NE(verified.out.find("2 stored keys open, 0 do not"), std::string::npos) << verified.out;
  const auto ring = keys::KekRing::load(dir.path() / "kek.key");
  for (const char* tid : {"51010001", "51010002"}) {
    const auto row = terminal_row(tid);
    EXPECT_NE(row[2].as<std::string>(), old_id);
    const auto tmk = ring.open(store::bytes_of(row[0]), row[2].as<std::string>(), std::string("tmk:") + tid);
    EXPECT_EQ(hhu::key_check_value(hhu::Suite::tdea, tmk), row[1].as<std::string>());
  }
}

TEST_F(KeyCliTest, VerifyNamesKeysSealedUnderAMissingKek) {
  ASSERT_EQ(mstation({"terminal", "add", "--tid", "51010001", "--ip", "127.0.0.2", "--suite", "tdea", "--station", "x"})
                .exit_code,
            0);
  fs::remove(dir.path() / "kek.key");
  keys::KekRing::create_file(dir.path() / "kek.key");  // the wrong KEK, as after a bad restore
  const auto r = mstation({"keys", "verify"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cannot open tmk:51010001"), std::string::npos) << r.err;
}

TEST_F(KeyCliTest, RotateKekThatCannotReachTheDatabaseChangesNothing) {
  auto broken = nlohmann::json::parse(std::ifstream(config));
  broken["database"]["admin_conninfo"] = "host=127.0.0.1 port=1 connect_timeout=2";  // rotate-kek runs as the administrator
  config = dir.write("broken.json", broken.dump()).string();
  const auto before = keys::KekRing::load(dir.path() / "kek.key").current_id();
  EXPECT_EQ(mstation({"keys", "rotate-kek"}).exit_code, 1);
  EXPECT_FALSE(fs::exists(dir.path() / "kek.key.next"));
  EXPECT_EQ(keys::KekRing::load(dir.path() / "kek.key").current_id(), before);
}

}  // namespace
}  // namespace mstation
