#pragma once
// The report of a run as files in reconcile.report_dir:
// recon_<AGENCY>_<YYYYMMDD>.txt and .json, each replaced whole (a reader
// sees the previous run's or this one's, never half of one). The database
// keeps every run; the files are the latest.
#include <filesystem>

#include "mstation/recon/report.hpp"

namespace mstation::recon {

std::filesystem::path report_path(const std::filesystem::path& dir, const Report& report, const char* extension);
// Creates `dir` if needed; throws std::runtime_error naming the file that could not be written.
void write_report_files(const std::filesystem::path& dir, const Report& report);

}  // namespace mstation::recon
