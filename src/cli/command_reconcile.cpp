// `mstation reconcile --config FILE [--date YYYY-MM-DD] [--format text|json] [--wait]`:
// one business date against SG186's statement (docs/reconciliation.md).
// Exit 0 the books agree, 1 discrepancies found (listed), 2 the run could not
// complete (the reason on stderr; nothing stored).
#include <unistd.h>

#include <iostream>

#include "command.hpp"
#include "mstation/recon/reconciler.hpp"
#include "mstation/recon/schedule.hpp"
#include "mstation/txn/business.hpp"
#include "os_user.hpp"

namespace mstation::cli {
namespace {

std::uint32_t date_option(const Arguments& args) {
  const auto text = args.value("date");
  if (!text) return recon::previous_business_date(Clock::now());
  const auto date = txn::parse_iso_date(*text);
  if (!date || text->size() != 10) throw UsageError("--date must be YYYY-MM-DD, got '" + *text + "'");
  return *date;
}

// On a terminal, one line rewritten in place; elsewhere nothing (logs stay clean).
std::function<void(const std::string&)> progress_line() {
  if (isatty(STDERR_FILENO) == 0) return {};
  return [](const std::string& line) { std::cerr << "\r\033[K" << line << std::flush; };
}

int reconcile(const config::Config& config, const Arguments& args) {
  recon::RunOptions options;
  options.date = date_option(args);
  const bool json = json_format(args);
  options.wait = args.has("wait");
  options.give_up_at = recon::at_china_time(Clock::now(), config.reconcile.give_up_at);
  options.run_by = "cli:" + os_user();
  options.progress = progress_line();
  // The run settles transactions and raises alerts: from the CLI that is an
  // administrator's work (database.admin_conninfo); the daemon's nightly run uses its own role.
  config::Config as_admin = config;
  as_admin.database.conninfo = config.admin_conninfo();
  const auto outcome = recon::reconcile(as_admin, options);
  if (options.progress) std::cerr << "\r\033[K";
  if (!outcome.report) {
    std::cerr << "mstation reconcile: " << outcome.failure << "\n";
    return recon::exit_incomplete;
  }
  std::cout << (json ? recon::to_json(*outcome.report).dump(2) + "\n" : recon::to_text(*outcome.report));
  if (!outcome.warning.empty()) std::cerr << "mstation reconcile: warning: " << outcome.warning << "\n";
  return outcome.exit_status;
}

}  // namespace

Command reconcile_command() {
  CommandSpec spec{"reconcile", "reconcile --config FILE [--date YYYY-MM-DD] [--format text|json] [--wait]",
                   "reconcile a business date (default: yesterday, UTC+8) against SG186's statement; exit 0 the "
                   "books agree, 1 discrepancies, 2 the run could not complete",
                   {config_option(),
                    {"date", true, "the business date (YYYY-MM-DD); the one in progress too, if SG186 has its statement"},
                    {"format", true, "text (default) or json"},
                    {"wait", false, "statement not ready or SG186 unreachable: try again until reconcile.give_up_at"}},
                   0};
  return {spec, [](const Arguments& args) {
            const auto config = load_config_for(args);
            if (!config) return int{exit_usage};
            return reconcile(*config, args);
          }};
}

}  // namespace mstation::cli
