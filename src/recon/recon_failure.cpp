#include "mstation/recon/recon_failure.hpp"

namespace mstation::recon {

using Kind = ReconFailure::Kind;

const char* to_string(ReconFailure::Kind kind) {
  switch (kind) {
    case Kind::unreachable: return "unreachable";
    case Kind::not_ready: return "not_ready";
    case Kind::refused: return "refused";
    case Kind::bad_file: return "bad_file";
    case Kind::contradicts_summary: return "contradicts_summary";
    case Kind::busy: return "busy";
    case Kind::stopped: return "stopped";
  }
  return "?";
}

}  // namespace mstation::recon
