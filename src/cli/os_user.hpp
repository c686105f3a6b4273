#pragma once
// Who is running a CLI command, for the journal of manual actions and the
// runs they start: the OS user, and the one behind sudo when there is one.
#include <string>

namespace mstation::cli {

// "alice", or "root (sudo by alice)".
std::string os_user();

}  // namespace mstation::cli
