#include "temp_dir.hpp"

#include <stdlib.h>

#include <fstream>
#include <stdexcept>

namespace mstation::test {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "mstation-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path TempDir::write(const std::string& name, const std::string& content) const {
  const auto file = path_ / name;
  std::ofstream out(file, std::ios::binary);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + file.string());
  return file;
}

}  // namespace mstation::test
