// The mstation binary as ops run it: exit statuses and messages.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/process.hpp"
#include "support/test_config.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

namespace mstation {
namespace {

using test::mstation_binary;
using test::run_process;

nlohmann::json config_for(const std::string& conninfo) { return test::minimal_config(conninfo); }

TEST(Cli, VersionPrintsTheVersion) {
  const auto r = run_process({mstation_binary(), "version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("mstation 0.", 0), 0u) << r.out;
}

TEST(Cli, UnknownCommandIsAUsageError) {
  const auto r = run_process({mstation_binary(), "frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown command 'frobnicate'"), std::string::npos) << r.err;
}

TEST(Cli, EveryCommandHasHelp) {
  for (const char* command : {"version", "check-config", "migrate", "serve", "reconcile", "audit", "maintain",
                              "keys", "terminal", "operator", "alerts", "saf", "txn"}) {
    const auto r = run_process({mstation_binary(), command, "--help"});
    EXPECT_EQ(r.exit_code, 0) << command;
    EXPECT_NE(r.out.find(std::string("usage: mstation ") + command), std::string::npos) << r.out;
  }
}

TEST(Cli, UnknownOptionIsAUsageError) {
  const auto r = run_process({mstation_binary(), "migrate", "--confgi", "x.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown option --confgi"), std::string::npos) << r.err;
}

TEST(Cli, CheckConfigAcceptsTheShippedExample) {
  const auto r = run_process({mstation_binary(), "check-config", test::source_dir() + "/config/mstation.json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(": OK"), std::string::npos);
}

TEST(Cli, CheckConfigChecksTheTariffsFile) {
  test::TempDir dir;
  auto document = test::minimal_config();
  document["tariffs_file"] = "tariffs.json";
  dir.write("tariffs.json", R"({"tariffs": [{"code": "RESTIER", "tiers": [{"up_to_kwh": 180, "price": 5224}]}]})");
  const auto file = dir.write("mstation.json", document.dump()).string();
  const auto r = run_process({mstation_binary(), "check-config", file});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("tariffs_file: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("tariffs[0].tiers[0].up_to_kwh: the last tier is open-ended"), std::string::npos) << r.err;
}

TEST(Cli, CheckConfigAlsoTakesDashDashConfig) {
  const auto r =
      run_process({mstation_binary(), "check-config", "--config", test::source_dir() + "/config/mstation.json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(Cli, CheckConfigPrintsEveryProblemAndExits2) {
  test::TempDir dir;
  auto document = config_for("dbname=x");
  document["terminal_listener"]["port"] = "9000";
  document["sg186"]["colour"] = "blue";
  const auto file = dir.write("bad.json", document.dump());
  const auto r = run_process({mstation_binary(), "check-config", file.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("2 problems"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("terminal_listener.port: expected an integer, got a string"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("sg186.colour: unknown key"), std::string::npos) << r.err;
}

TEST(Cli, CheckConfigOnAMissingFileExits2) {
  const auto r = run_process({mstation_binary(), "check-config", "/nonexistent.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cannot read /nonexistent.json"), std::string::npos) << r.err;
}

TEST(Cli, MigrateTwiceAppliesThenDoesNothing) {
  test::TestDatabase database;
  test::TempDir dir;
  const auto file = dir.write("mstation.json", test::minimal_config(database).dump());
  const auto first = run_process({mstation_binary(), "migrate", "--config", file.string()});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("applied 001_foundation.sql"), std::string::npos) << first.out;
  const auto second = run_process({mstation_binary(), "migrate", "--config", file.string()});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("0 applied"), std::string::npos) << second.out;
}

TEST(Cli, MigrateWithUnreachableDatabaseFailsWithoutShowingThePassword) {
  test::TempDir dir;
  const auto file =
      dir.write("mstation.json", config_for("host=127.0.0.1 port=1 password=hunter2 connect_timeout=2").dump());
  const auto r = run_process({mstation_binary(), "migrate", "--config", file.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_FALSE(r.err.empty());
  EXPECT_EQ(r.err.find("hunter2"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("hunter2"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace mstation
