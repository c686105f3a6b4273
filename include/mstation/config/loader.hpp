#pragma once
// Reads and validates the JSON configuration. Every problem is collected, not
// just the first, and each names the key path and the reason, e.g.
//   terminal_listener.port: expected an integer, got a string
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mstation/config/config.hpp"

namespace mstation::config {

struct Problem {
  std::string path;    // dotted key path; empty for the file as a whole
  std::string reason;
  std::string to_string() const;
};

struct LoadResult {
  std::optional<Config> config;  // set only when problems is empty
  std::vector<Problem> problems;
};

// `//` and `/* */` comments are allowed. Relative paths in the file are
// resolved against the file's directory.
LoadResult load_file(const std::filesystem::path& file);
LoadResult load_text(std::string_view text, const std::filesystem::path& base_dir);

// Loads or throws std::runtime_error listing every problem (for start-up).
Config load_or_throw(const std::filesystem::path& file);

}  // namespace mstation::config
