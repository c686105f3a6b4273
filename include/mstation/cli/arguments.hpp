#pragma once
// Command-line parsing for `mstation <command> ...`: each command declares
// its options; anything else is a usage error naming the offending word.
#include <map>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace mstation::cli {

struct OptionSpec {
  std::string name;  // without the leading "--"
  bool takes_value = true;
  std::string help;
};

struct CommandSpec {
  std::string name;
  std::string usage;    // e.g. "migrate --config FILE [--dir DIR]"
  std::string summary;  // one line
  std::vector<OptionSpec> options;
  std::size_t max_positionals = 0;
};

class Arguments {
 public:
  std::vector<std::string> positionals;
  std::map<std::string, std::string> values;

  bool has(const std::string& option) const { return values.contains(option); }
  std::optional<std::string> value(const std::string& option) const;
};

// `--name value` and `--name=value`; "--help" is always accepted.
std::variant<Arguments, std::string> parse_arguments(const CommandSpec& spec,
                                                     std::span<const std::string> words);

std::string help_text(const CommandSpec& spec);

}  // namespace mstation::cli
