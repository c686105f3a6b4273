// `mstation audit verify --config FILE [--chain NAME] [--from DATE] [--to DATE] [--checkpoint FILE] [--format json]`:
// every journal chain recomputed; exit 0 intact, 1 broken (each broken chain
// listed with its first bad row), 2 could not run.
// `mstation audit checkpoint --config FILE --out FILE`: every chain's head,
// signed with the checkpoint key (docs/auditing.md).
#include <fmt/format.h>

#include <iostream>
#include <pqxx/pqxx>

#include "command.hpp"
#include "mstation/audit/checkpoint.hpp"
#include "mstation/audit/journal_audit.hpp"
#include "mstation/txn/business.hpp"

namespace mstation::cli {
namespace {

constexpr int exit_could_not_run = 2;

std::optional<std::string> date_value(const Arguments& args, const char* option) {
  const auto text = args.value(option);
  if (text && (text->size() != 10 || !txn::parse_iso_date(*text))) {
    throw UsageError(fmt::format("--{} must be YYYY-MM-DD, got '{}'", option, *text));
  }
  return text;
}

void print_report(const audit::AuditReport& report, bool json) {
  if (json) {
    std::cout << audit::report_json(report).dump(2) << "\n";
    return;
  }
  std::size_t broken = 0;
  for (const auto& c : report.chains) {
    if (!c.first_broken) {
      std::cout << fmt::format("chain {}: intact, {} rows verified, up to position {}\n", c.chain, c.rows,
                               c.last.position);
      continue;
    }
    ++broken;
    std::cout << fmt::format("chain {}: BROKEN at position {}{}: {}\n", c.chain, *c.first_broken,
                             c.journal_id ? fmt::format(" (journal_id {})", *c.journal_id) : std::string(),
                             c.reason);
  }
  std::cout << fmt::format("{} chain{}, {} broken\n", report.chains.size(), report.chains.size() == 1 ? "" : "s",
                           broken);
}

// For the console's chain status; the verdict printed is what counts, so a
// failure to store it is only a warning. An auditor's login is read-only by
// design (docs/auditing.md) and says so rather than failing to insert.
void remember_verdict(pqxx::connection& connection, const audit::AuditReport& report) {
  try {
    pqxx::work tx(connection);
    const auto may = tx.exec1("SELECT current_user, has_table_privilege('mstation.journal_verify_run', 'INSERT')");
    if (!may[1].as<bool>()) {
      std::cerr << "mstation audit verify: verdict not recorded for the console: role " << may[0].c_str()
                << " is read-only (a whole-journal verify as the daemon's login records it)\n";
      return;
    }
    audit::record_verify_run(tx, report);
    tx.commit();
  } catch (const std::exception& e) {
    std::cerr << "mstation audit verify: the verdict was not recorded for the console: " << e.what() << "\n";
  }
}

int verify(const config::Config& config, const Arguments& args) {
  audit::AuditOptions options;
  options.chain = args.value("chain");
  options.from = date_value(args, "from");
  options.to = date_value(args, "to");
  const bool json = json_format(args);
  try {
    if (const auto file = args.value("checkpoint")) {
      options.checkpoint = audit::read_checkpoint(*file, audit::load_checkpoint_key(config.audit.checkpoint_key_file));
    }
    pqxx::connection connection(config.database.conninfo);
    pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only> tx(connection);
    if (options.chain) {
      const auto chains = journal::list_chains(tx);
      const bool known = std::find(chains.begin(), chains.end(), *options.chain) != chains.end() ||
                         (options.checkpoint && std::any_of(options.checkpoint->chains.begin(),
                                                            options.checkpoint->chains.end(),
                                                            [&](const auto& a) { return a.chain == *options.chain; }));
      if (!known) throw std::runtime_error("no chain '" + *options.chain + "' in the journal");
    }
    const auto report = audit::audit_journal(tx, options);
    tx.commit();
    print_report(report, json);
    // Only a whole-journal run says "the journal is intact".
    if (!options.chain && !options.from && !options.to) remember_verdict(connection, report);
    return report.intact() ? int{exit_ok} : int{exit_failure};
  } catch (const std::exception& e) {
    std::cerr << "mstation audit verify: could not run: " << e.what() << "\n";
    return exit_could_not_run;
  }
}

int checkpoint(const config::Config& config, const Arguments& args) {
  const auto out = required(args, "out");
  const auto key = audit::load_checkpoint_key(config.audit.checkpoint_key_file);
  pqxx::connection connection(config.database.conninfo);
  pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only> tx(connection);
  const auto c = audit::take_checkpoint(tx, config.station.instance);
  audit::write_checkpoint(out, audit::signed_checkpoint(c, key));
  for (const auto& a : c.chains) {
    std::cout << fmt::format("chain {}: position {}, {} rows, head {}\n", a.chain, a.position, a.rows,
                             to_hex(a.head_hash));
  }
  std::cout << fmt::format("wrote {} ({} chain{}, signed)\n", out, c.chains.size(), c.chains.size() == 1 ? "" : "s");
  return exit_ok;
}

}  // namespace

Command audit_command() {
  CommandSpec spec{"audit",
                   "audit verify --config FILE [--chain NAME] [--from YYYY-MM-DD] [--to YYYY-MM-DD] "
                   "[--checkpoint FILE] [--format json] | audit checkpoint --config FILE --out FILE",
                   "verify the journal's hash chains (exit 0 intact, 1 broken, 2 could not run); write a signed "
                   "checkpoint of every chain's head",
                   {config_option(),
                    {"chain", true, "only this chain (e.g. ms1/0)"},
                    {"from", true, "only rows recorded from this day on (UTC+8)"},
                    {"to", true, "only rows recorded up to this day, inclusive (UTC+8)"},
                    {"checkpoint", true, "start each chain at this signed checkpoint's anchor, and check the anchor"},
                    {"format", true, "text (default) or json"},
                    {"out", true, "where `checkpoint` writes the file"}},
                   1};
  return {spec, [](const Arguments& args) {
            const auto action = action_of(args, {"verify", "checkpoint"});
            const auto config = load_config_for(args);
            if (!config) return int{exit_usage};
            return action == "verify" ? verify(*config, args) : checkpoint(*config, args);
          }};
}

}  // namespace mstation::cli
