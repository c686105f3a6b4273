#include "mstation/sg186/fields.hpp"

#include <fmt/format.h>

#include "mstation/common/printable.hpp"

#include <stdexcept>

#include "mstation/sg186/gbk.hpp"

namespace mstation::sg186 {
namespace {

// Replaces each character GBK lacks with '?', so one odd character in a name
// does not lose the whole field.
std::string to_gbk_lenient(std::string_view utf8) {
  if (auto gbk = utf8_to_gbk(utf8)) return *gbk;
  std::string out;
  std::size_t i = 0;
  while (i < utf8.size()) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    const std::size_t length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    const auto one = utf8_to_gbk(utf8.substr(i, length));
    out += one ? *one : "?";
    i += length;
  }
  return out;
}

}  // namespace

FieldWriter& FieldWriter::text(std::string_view utf8, std::size_t width) {
  const std::string gbk = to_gbk_lenient(utf8);
  const std::size_t keep = gbk_prefix_fitting(gbk, width);
  out_.append(gbk, 0, keep);
  out_.append(width - keep, ' ');
  return *this;
}

FieldWriter& FieldWriter::number(std::uint64_t value, std::size_t width) {
  const std::string digits = fmt::format("{:0{}}", value, width);
  if (digits.size() > width) throw std::out_of_range(fmt::format("{} does not fit N({})", value, width));
  out_ += digits;
  return *this;
}

FieldWriter& FieldWriter::raw(std::string_view bytes) {
  out_ += bytes;
  return *this;
}

void FieldReader::fail(std::string why) {
  if (!problem_) problem_ = std::move(why);
}

std::optional<std::string_view> FieldReader::take(const char* name, std::size_t width) {
  if (problem_) return std::nullopt;
  if (remaining() < width) {
    fail(fmt::format("{}: needs {} bytes, {} left", name, width, remaining()));
    return std::nullopt;
  }
  const auto field = in_.substr(at_, width);
  at_ += width;
  return field;
}

std::string FieldReader::text(const char* name, std::size_t width) {
  const auto field = take(name, width);
  if (!field) return {};
  const auto end = field->find_last_not_of(' ');
  const auto trimmed = end == std::string_view::npos ? std::string_view() : field->substr(0, end + 1);
  auto utf8 = gbk_to_utf8(trimmed);
  if (!utf8) {
    fail(fmt::format("{}: not valid GBK", name));
    return {};
  }
  return *utf8;
}

std::uint64_t FieldReader::number(const char* name, std::size_t width) {
  const auto field = take(name, width);
  if (!field) return 0;
  std::uint64_t value = 0;
  for (char c : *field) {
    if (c < '0' || c > '9') {
      fail(fmt::format("{}: '{}' is not N({})", name, printable(*field), width));
      return 0;
    }
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

std::string_view FieldReader::raw(const char* name, std::size_t width) {
  const auto field = take(name, width);
  return field ? *field : std::string_view();
}

}  // namespace mstation::sg186
