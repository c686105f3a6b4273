#include "mstation/cli/arguments.hpp"

#include <algorithm>

namespace mstation::cli {

std::optional<std::string> Arguments::value(const std::string& option) const {
  const auto it = values.find(option);
  if (it == values.end()) return std::nullopt;
  return it->second;
}

namespace {

const OptionSpec* find_option(const CommandSpec& spec, const std::string& name) {
  const auto it = std::find_if(spec.options.begin(), spec.options.end(),
                               [&](const OptionSpec& o) { return o.name == name; });
  return it == spec.options.end() ? nullptr : &*it;
}

}  // namespace

std::variant<Arguments, std::string> parse_arguments(const CommandSpec& spec,
                                                     std::span<const std::string> words) {
  Arguments args;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (!word.starts_with("--")) {
      if (args.positionals.size() >= spec.max_positionals) {
        return "unexpected argument '" + word + "'";
      }
      args.positionals.push_back(word);
      continue;
    }
    std::string name = word.substr(2);
    std::optional<std::string> inline_value;
    if (const auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name.resize(eq);
    }
    if (name == "help") {
      args.values["help"] = "";
      continue;
    }
    const OptionSpec* option = find_option(spec, name);
    if (option == nullptr) return "unknown option --" + name;
    if (!option->takes_value) {
      if (inline_value) return "option --" + name + " takes no value";
      args.values[name] = "";
      continue;
    }
    if (inline_value) {
      args.values[name] = *inline_value;
    } else if (i + 1 < words.size()) {
      args.values[name] = words[++i];
    } else {
      return "option --" + name + " needs a value";
    }
  }
  return args;
}

std::string help_text(const CommandSpec& spec) {
  std::string text = "usage: mstation " + spec.usage + "\n\n" + spec.summary + "\n";
  if (!spec.options.empty()) {
    text += "\noptions:\n";
    for (const auto& o : spec.options) {
      std::string left = "  --" + o.name + (o.takes_value ? " VALUE" : "");
      if (left.size() < 24) left.resize(24, ' ');
      text += left + " " + o.help + "\n";
    }
  }
  return text;
}

}  // namespace mstation::cli
