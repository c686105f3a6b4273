#pragma once
// One line format for every program of the project:
//   2026-11-29T05:03:20.123Z info  mstation: message key=value ...
// Times in UTC (journald and log shippers add their own); business times in
// messages are UTC+8 and say so.
#include <optional>
#include <string>
#include <string_view>

#include <spdlog/common.h>

namespace mstation {

enum class LogStream { standard_output, standard_error };

// The daemon logs to stdout (journald); CLI commands log to stderr so their
// stdout carries only results.
void setup_logging(std::string_view program, std::string_view level, LogStream stream);

std::optional<spdlog::level::level_enum> parse_log_level(std::string_view level);

// conninfo with any password replaced by "***", safe to log or print.
std::string redact_conninfo(std::string_view conninfo);

}  // namespace mstation
