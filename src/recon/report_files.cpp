#include "mstation/recon/report_files.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace mstation::recon {
namespace {

namespace fs = std::filesystem;

void replace_file(const fs::path& target, const std::string& text) {
  const auto temporary = fs::path(target.string() + ".tmp");
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) throw std::runtime_error(fmt::format("cannot write {}: {}", temporary.string(), std::strerror(errno)));
  }
  fs::rename(temporary, target);
}

}  // namespace

fs::path report_path(const fs::path& dir, const Report& report, const char* extension) {
  return dir / fmt::format("recon_{}_{:08}.{}", report.agency, report.business_date, extension);
}

void write_report_files(const fs::path& dir, const Report& report) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw std::runtime_error(fmt::format("cannot create {}: {}", dir.string(), ec.message()));
  replace_file(report_path(dir, report, "txt"), to_text(report));
  replace_file(report_path(dir, report, "json"), to_json(report).dump(2) + "\n");
}

}  // namespace mstation::recon
