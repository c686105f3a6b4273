#include "mstation/common/logging.hpp"

#include <regex>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace mstation {

std::optional<spdlog::level::level_enum> parse_log_level(std::string_view level) {
  const auto parsed = spdlog::level::from_str(std::string(level));
  // from_str answers "off" for anything it does not know.
  if (parsed == spdlog::level::off && level != "off") return std::nullopt;
  return parsed;
}

void setup_logging(std::string_view program, std::string_view level, LogStream stream) {
  std::shared_ptr<spdlog::logger> logger;
  const std::string name(program);
  if (stream == LogStream::standard_output) {
    logger = std::make_shared<spdlog::logger>(name, std::make_shared<spdlog::sinks::stdout_sink_mt>());
  } else {
    logger = std::make_shared<spdlog::logger>(name, std::make_shared<spdlog::sinks::stderr_sink_mt>());
  }
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %-5l %n: %v", spdlog::pattern_time_type::utc);
  logger->set_level(parse_log_level(level).value_or(spdlog::level::info));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(std::move(logger));
}

std::string redact_conninfo(std::string_view conninfo) {
  // key=value form (password=... or password='...') and URI form (user:pass@).
  static const std::regex keyword(R"((password\s*=\s*)('(\\.|[^'])*'|\S+))", std::regex::icase);
  static const std::regex uri(R"(^(postgres(ql)?://[^:/@]*:)[^@]*@)", std::regex::icase);
  std::string out = std::regex_replace(std::string(conninfo), keyword, "$1***");
  return std::regex_replace(out, uri, "$1***@");
}

}  // namespace mstation
