#pragma once
// Who is looking (a logged-in console session) and what that lets them see
// (docs/console.md, "Who sees what"): auditor and ops see every station,
// an office user only its own; only an auditor sees decrypted terminal
// frames. Handlers ask here rather than comparing role names themselves.
#include <optional>
#include <string>

#include "mstation/web/api_error.hpp"

namespace mstation::web {

struct Viewer {
  std::string login;
  std::string role;                    // auditor | ops | office
  std::optional<std::string> station;  // office only; as a SQL filter, nullopt = every station
  std::string csrf_token;

  bool is_office() const { return role == "office"; }
  bool sees_decrypted() const { return role == "auditor"; }

  // Reconciliation, the SAF queue, alerts, chain status.
  void require_station_wide() const {
    if (is_office()) throw Forbidden("an office login sees only its own station's terminals, operators and transactions");
  }
  void require_ack_right() const {
    if (role != "ops" && role != "auditor") throw Forbidden("only ops and auditors acknowledge alerts");
  }
  void require_settle_right() const {
    if (role != "ops") throw Forbidden("only ops settle a transaction by hand");
  }
};

}  // namespace mstation::web
