#pragma once
// Entry point of the `mstation` binary.
namespace mstation::cli {

// Exit statuses of every subcommand (docs/operations.md).
enum ExitStatus : int {
  exit_ok = 0,
  exit_failure = 1,          // the command ran and failed (database down, migration refused, ...)
  exit_usage = 2,            // bad arguments or an invalid configuration
};

int run(int argc, char** argv);

}  // namespace mstation::cli
