#include <gtest/gtest.h>

#include "mstation/cli/arguments.hpp"

namespace mstation::cli {
namespace {

const CommandSpec spec{"migrate", "migrate --config FILE", "apply migrations",
                       {{"config", true, "file"}, {"dry-run", false, "show only"}}, 1};

Arguments parse_ok(std::vector<std::string> words) {
  auto result = parse_arguments(spec, words);
  if (auto* error = std::get_if<std::string>(&result)) ADD_FAILURE() << *error;
  return std::get_if<Arguments>(&result) ? std::get<Arguments>(result) : Arguments{};
}

std::string parse_error(std::vector<std::string> words) {
  auto result = parse_arguments(spec, words);
  return std::get_if<std::string>(&result) ? std::get<std::string>(result) : "(parsed)";
}

TEST(Arguments, AcceptsSeparateAndInlineValues) {
  EXPECT_EQ(parse_ok({"--config", "a.json"}).value("config"), "a.json");
  EXPECT_EQ(parse_ok({"--config=b.json"}).value("config"), "b.json");
}

TEST(Arguments, FlagsAndPositionals) {
  const auto args = parse_ok({"file.json", "--dry-run"});
  EXPECT_TRUE(args.has("dry-run"));
  ASSERT_EQ(args.positionals.size(), 1u);
  EXPECT_EQ(args.positionals[0], "file.json");
}

TEST(Arguments, UsageErrorsNameTheProblem) {
  EXPECT_EQ(parse_error({"--colour"}), "unknown option --colour");
  EXPECT_EQ(parse_error({"--config"}), "option --config needs a value");
  EXPECT_EQ(parse_error({"--dry-run=yes"}), "option --dry-run takes no value");
  EXPECT_EQ(parse_error({"a", "b"}), "unexpected argument 'b'");
}

TEST(Arguments, HelpIsAlwaysAccepted) { EXPECT_TRUE(parse_ok({"--help"}).has("help")); }

TEST(Arguments, HelpTextListsOptions) {
  const auto text = help_text(spec);
  EXPECT_NE(text.find("usage: mstation migrate --config FILE"), std::string::npos);
  EXPECT_NE(text.find("--dry-run"), std::string::npos);
}

}  // namespace
}  // namespace mstation::cli
