#pragma once
// The one line hhu-sim prints per transaction:
//   NAME SEQ n[ (plain, advisory)]: CODE MESSAGE {other fields}
// with keys masked and long parts (task lists, receipts, card data) shortened;
// receipts and notices are printed in full after it (printout.hpp).
#include <cstdint>
#include <string>

#include "mstation/hhu/terminal_client.hpp"

namespace mstation::hhu_sim {

std::string summary_line(const std::string& name, std::uint32_t seq, const hhu::Response& response);

// The receipt or notice boxes of a response, empty if it carries neither.
std::string printouts(const nlohmann::json& body);

}  // namespace mstation::hhu_sim
