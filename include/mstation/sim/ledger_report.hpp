#pragma once
// What `sg186-sim ledger` prints: the truth the simulator holds about one
// customer, one day's money, or one serial — as JSON (for tests and scripts)
// or as text (for people).
#include <nlohmann/json.hpp>
#include <string>

#include "mstation/sim/book.hpp"

namespace mstation::sim {

// nullopt-like: a JSON null when the customer or serial is unknown.
nlohmann::json customer_report(const Book& book, const std::string& cons_no, YyyyMmDd today);
nlohmann::json day_report(const Book& book, YyyyMmDd date);
nlohmann::json serial_report(const Book& book, const std::string& serial);
nlohmann::json summary_report(const Book& book);
std::string as_text(const nlohmann::json& report);

}  // namespace mstation::sim
