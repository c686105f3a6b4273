#pragma once
// Fixed-width fields of the SG186 interface (sg186-interface.md §1):
//   C(n): GBK text, left-aligned, space-padded to n bytes; a longer value is
//         cut at a character boundary; readers strip trailing spaces.
//   N(n): unsigned decimal, right-aligned, zero-padded to n digits.
// The writer appends to a GBK byte string; the reader walks one, recording
// the first problem (with the field's name) instead of throwing.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mstation::sg186 {

class FieldWriter {
 public:
  // `utf8` is converted to GBK; a character GBK lacks becomes '?'.
  FieldWriter& text(std::string_view utf8, std::size_t width);
  // Throws std::out_of_range if the value does not fit (a bug: amounts are checked before).
  FieldWriter& number(std::uint64_t value, std::size_t width);
  FieldWriter& raw(std::string_view bytes);
  const std::string& bytes() const { return out_; }

 private:
  std::string out_;
};

class FieldReader {
 public:
  explicit FieldReader(std::string_view gbk) : in_(gbk) {}

  // UTF-8, trailing spaces stripped.
  std::string text(const char* name, std::size_t width);
  std::uint64_t number(const char* name, std::size_t width);
  std::string_view raw(const char* name, std::size_t width);

  bool ok() const { return !problem_; }
  const std::optional<std::string>& problem() const { return problem_; }
  std::size_t remaining() const { return in_.size() - at_; }

 private:
  std::optional<std::string_view> take(const char* name, std::size_t width);
  void fail(std::string why);

  std::string_view in_;
  std::size_t at_ = 0;
  std::optional<std::string> problem_;
};

}  // namespace mstation::sg186
