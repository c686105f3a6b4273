#pragma once
// A decoded SG186 message as JSON, for the journal's `decoded` column and
// for logs: {"header": {...}, "body": {...}}, or "body_problem" when the body
// does not decode. The bodies hold no secrets (no keys, no passwords).
#include <nlohmann/json.hpp>

#include "mstation/sg186/header.hpp"

namespace mstation::sg186 {

enum class Direction { request, response };

nlohmann::json header_json(const Header& h);
nlohmann::json message_json(const Message& m, Direction direction);

}  // namespace mstation::sg186
