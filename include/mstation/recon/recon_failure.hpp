#pragma once
// Why a reconciliation run could not complete (exit status 2): the expected
// outcomes, typed, so the caller can tell what `--wait` may retry.
#include <stdexcept>
#include <string>

namespace mstation::recon {

class ReconFailure : public std::runtime_error {
 public:
  enum class Kind {
    unreachable,          // SG186 did not answer (not delivered, in doubt)
    not_ready,            // 050/051 answered 1002: the statement is not generated yet
    refused,              // SG186 answered another code
    bad_file,             // the file or a chunk is malformed, or disagrees with itself
    contradicts_summary,  // the file's header or lines disagree with the 050 summary
    busy,                 // another run of the same date holds the lock
    stopped,              // the daemon is shutting down
  };
  ReconFailure(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }
  // What `--wait` (and the nightly job) tries again until reconcile.give_up_at.
  bool retryable() const { return kind_ == Kind::unreachable || kind_ == Kind::not_ready || kind_ == Kind::busy; }

 private:
  Kind kind_;
};

const char* to_string(ReconFailure::Kind kind);

}  // namespace mstation::recon
