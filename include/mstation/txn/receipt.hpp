#pragma once
// Receipts and notices for the handheld's printer (hhu-protocol.md §5): a
// centred title, "label: value" lines, then the terminal, operator and time;
// every line at most 32 GBK bytes. A reprint (补打) is the original's lines
// under a 补打 banner, with the time of the reprint below.
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "mstation/common/china_time.hpp"

namespace mstation::txn {

using ReceiptFields = std::vector<std::pair<std::string, std::string>>;

std::vector<std::string> receipt_lines(const std::string& title, const ReceiptFields& fields, const std::string& tid,
                                       const std::string& operator_id, TimePoint at);

std::vector<std::string> reprint_lines(const std::vector<std::string>& original, TimePoint at);

// {"receipt_no": ..., "lines": [...]}
nlohmann::json receipt_json(const std::string& receipt_no, const std::vector<std::string>& lines);

// "2026-11-28 10:30:15"
std::string printed_time(TimePoint at);

}  // namespace mstation::txn
