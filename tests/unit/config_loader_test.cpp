#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "mstation/config/loader.hpp"
#include "support/paths.hpp"
#include "support/test_config.hpp"
#include "support/temp_dir.hpp"

namespace mstation::config {
namespace {

using nlohmann::json;

json minimal_config() {
  auto c = test::minimal_config();
  c["terminal_listener"]["port"] = 9000;
  return c;
}

LoadResult load(const json& document) { return load_text(document.dump(), "/etc/mstation"); }

// The single problem of a result, failing the test if there is not exactly one.
Problem only_problem(const LoadResult& result) {
  EXPECT_FALSE(result.config.has_value());
  EXPECT_EQ(result.problems.size(), 1u);
  return result.problems.empty() ? Problem{} : result.problems.front();
}

TEST(ConfigLoader, MinimalConfigGetsDocumentedDefaults) {
  const auto result = load(minimal_config());
  ASSERT_TRUE(result.config) << result.problems.front().to_string();
  const Config& c = *result.config;
  EXPECT_EQ(c.terminal_listener.port, 9000);
  EXPECT_EQ(c.terminal_listener.frame_timeout_s, 30);
  EXPECT_EQ(c.terminal_listener.max_request_bytes, 8192);
  EXPECT_EQ(c.terminal_listener.max_connections_per_ip, 4);
  EXPECT_EQ(c.database.pool_size, 16);
  EXPECT_EQ(c.database.writer_lanes, 4);
  EXPECT_EQ(c.database.commit_timeout_ms, 5000);
  EXPECT_EQ(c.sg186.exchange_timeout_ms, 15000);
  EXPECT_EQ(c.keys.clock_skew_s, 900);
  EXPECT_EQ(c.limits.max_payment_fen, 5'000'000);
  EXPECT_EQ(c.limits.max_cash_in_transit_fen, 20'000'000);
  EXPECT_EQ(c.reconcile.time, "02:00");
  EXPECT_EQ(c.log.level, "info");
  EXPECT_FALSE(c.tariffs_file.has_value());
}

TEST(ConfigLoader, RelativePathsAreResolvedAgainstTheConfigDirectory) {
  auto document = minimal_config();
  document["keys"]["kek_file"] = "secret/kek.key";
  document["allowlist_file"] = "/srv/allow.conf";
  const auto result = load(document);
  ASSERT_TRUE(result.config);
  EXPECT_EQ(result.config->keys.kek_file, "/etc/mstation/secret/kek.key");
  EXPECT_EQ(result.config->allowlist_file, "/srv/allow.conf");
  EXPECT_EQ(result.config->reconcile.report_dir, "/etc/mstation/recon");
}

TEST(ConfigLoader, UnknownKeyIsRejectedWithItsPath) {
  auto document = minimal_config();
  document["sg186"]["exchange_timout_ms"] = 1000;  // misspelt
  const auto p = only_problem(load(document));
  EXPECT_EQ(p.path, "sg186.exchange_timout_ms");
  EXPECT_EQ(p.reason, "unknown key");
}

TEST(ConfigLoader, UnknownTopLevelSectionIsRejected) {
  auto document = minimal_config();
  document["databse"] = json::object();
  EXPECT_EQ(only_problem(load(document)).path, "databse");
}

TEST(ConfigLoader, WrongTypeIsRejectedWithItsPathAndBothTypes) {
  auto document = minimal_config();
  document["terminal_listener"]["port"] = "9000";
  const auto p = only_problem(load(document));
  EXPECT_EQ(p.path, "terminal_listener.port");
  EXPECT_EQ(p.reason, "expected an integer, got a string");
}

TEST(ConfigLoader, FractionalNumberWhereIntegerExpectedIsRejected) {
  auto document = minimal_config();
  document["limits"] = {{"max_payment_fen", 123.45}};
  const auto p = only_problem(load(document));
  EXPECT_EQ(p.path, "limits.max_payment_fen");
  EXPECT_EQ(p.reason, "expected an integer, got a fractional number");
}

TEST(ConfigLoader, SectionThatIsNotAnObjectIsRejected) {
  auto document = minimal_config();
  document["database"] = "dbname=mstation";
  const auto p = only_problem(load(document));
  EXPECT_EQ(p.path, "database");
  EXPECT_EQ(p.reason, "expected an object, got a string");
}

TEST(ConfigLoader, MissingRequiredKeyIsRejectedWithItsPath) {
  auto document = minimal_config();
  document["database"].erase("conninfo");
  const auto p = only_problem(load(document));
  EXPECT_EQ(p.path, "database.conninfo");
  EXPECT_EQ(p.reason, "required key is missing");
}

TEST(ConfigLoader, MissingRequiredSectionIsRejected) {
  auto document = minimal_config();
  document.erase("keys");
  const auto p = only_problem(load(document));
  EXPECT_EQ(p.path, "keys");
  EXPECT_EQ(p.reason, "required section is missing");
}

TEST(ConfigLoader, OutOfRangeValueIsRejectedWithTheRange) {
  auto document = minimal_config();
  document["terminal_listener"]["max_request_bytes"] = 70000;
  const auto p = only_problem(load(document));
  EXPECT_EQ(p.path, "terminal_listener.max_request_bytes");
  EXPECT_EQ(p.reason, "must be between 53 and 65535, got 70000");
}

TEST(ConfigLoader, PortBeyondSixteenBitsIsRejected) {
  auto document = minimal_config();
  document["terminal_listener"]["port"] = 70000;
  EXPECT_EQ(only_problem(load(document)).reason, "integer 70000 is out of range");
}

TEST(ConfigLoader, BadTimeOfDayAndLogLevelAreRejected) {
  auto document = minimal_config();
  document["reconcile"] = {{"time", "2am"}};
  document["log"] = {{"level", "verbose"}};
  const auto result = load(document);
  ASSERT_EQ(result.problems.size(), 2u);
  EXPECT_EQ(result.problems[0].path, "reconcile.time");
  EXPECT_EQ(result.problems[1].path, "log.level");
}

TEST(ConfigLoader, AgencyCodeMustFitTheSg186Field) {
  auto document = minimal_config();
  document["station"]["agency_code"] = "5101000000012";  // 13 characters
  EXPECT_EQ(only_problem(load(document)).path, "station.agency_code");
}

TEST(ConfigLoader, EveryProblemIsReportedNotJustTheFirst) {
  auto document = minimal_config();
  document["station"].erase("instance");
  document["sg186"]["port"] = true;
  document["bogus"] = 1;
  const auto result = load(document);
  ASSERT_EQ(result.problems.size(), 3u);
  EXPECT_EQ(result.problems[0].path, "station.instance");
  EXPECT_EQ(result.problems[1].path, "sg186.port");
  EXPECT_EQ(result.problems[2].path, "bogus");
}

TEST(ConfigLoader, InvalidJsonIsRejectedWithThePosition) {
  const auto p = only_problem(load_text(R"({"station": {)", "/"));
  EXPECT_EQ(p.path, "");
  EXPECT_NE(p.reason.find("not valid JSON"), std::string::npos);
  EXPECT_NE(p.reason.find("line 1"), std::string::npos) << p.reason;
}

TEST(ConfigLoader, CommentsAreAllowed) {
  const std::string text = "// the demo station\n" + minimal_config().dump(2);
  EXPECT_TRUE(load_text(text, "/").config);
}

TEST(ConfigLoader, TopLevelMustBeAnObject) {
  EXPECT_EQ(only_problem(load_text("[1, 2]", "/")).reason, "expected a JSON object at the top, got an array");
}

TEST(ConfigLoader, UnreadableFileIsRejectedWithTheReason) {
  const auto p = only_problem(load_file("/nonexistent/mstation.json"));
  EXPECT_EQ(p.reason, "cannot read /nonexistent/mstation.json: No such file or directory");
}

TEST(ConfigLoader, LoadOrThrowListsEveryProblem) {
  test::TempDir dir;
  auto document = minimal_config();
  document["log"] = {{"level", 3}};
  document["saf"] = {{"max_attempts", 0}};
  const auto file = dir.write("bad.json", document.dump());
  try {
    load_or_throw(file);
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("log.level: expected a string, got an integer"), std::string::npos) << message;
    EXPECT_NE(message.find("saf.max_attempts: must be between 1 and 100000, got 0"), std::string::npos)
        << message;
  }
}

TEST(ConfigLoader, ShippedExampleConfigIsValid) {
  const auto result = load_file(test::source_dir() + "/config/mstation.json");
  EXPECT_TRUE(result.config) << (result.problems.empty() ? "" : result.problems.front().to_string());
}

}  // namespace
}  // namespace mstation::config
