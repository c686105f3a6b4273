#include "mstation/sg186/gbk.hpp"

#include <iconv.h>

#include <cerrno>
#include <memory>

namespace mstation::sg186 {
namespace {

struct IconvClose {
  void operator()(void* cd) const { iconv_close(static_cast<iconv_t>(cd)); }
};

using Converter = std::unique_ptr<void, IconvClose>;

// One descriptor per direction and thread, opened on first use: iconv_open
// loads the gconv module (a dlopen), which per field cost more than the
// conversion itself. Reset before each use, so a failed conversion leaves no
// shift state behind.
iconv_t converter(Converter& slot, const char* to, const char* from) {
  if (!slot) {
    const iconv_t raw = iconv_open(to, from);
    if (raw == reinterpret_cast<iconv_t>(-1)) return raw;
    slot.reset(raw);
  }
  const auto cd = static_cast<iconv_t>(slot.get());
  iconv(cd, nullptr, nullptr, nullptr, nullptr);
  return cd;
}

std::optional<std::string> convert(iconv_t cd, std::string_view input) {
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string out(input.size() * 2 + 4, '\0');  // GBK ↔ UTF-8 grows by at most 3/2
  char* in_ptr = const_cast<char*>(input.data());
  std::size_t in_left = input.size();
  char* out_ptr = out.data();
  std::size_t out_left = out.size();
  if (iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left) == static_cast<std::size_t>(-1)) return std::nullopt;
  out.resize(out.size() - out_left);
  return out;
}

bool is_lead_byte(unsigned char c) { return c >= 0x81 && c <= 0xFE; }

}  // namespace

std::optional<std::string> utf8_to_gbk(std::string_view utf8) {
  thread_local Converter slot;
  return convert(converter(slot, "GBK", "UTF-8"), utf8);
}
// Read as GB18030, GBK's superset, so that a 生僻字 SG186 keeps in GBK's
// user-defined area (AAA1–AFFE, F8A1–FEFE, A140–A7A0) reads as a private-use
// character instead of failing the whole field.
std::optional<std::string> gbk_to_utf8(std::string_view gbk) {
  thread_local Converter slot;
  return convert(converter(slot, "UTF-8", "GB18030"), gbk);
}

std::size_t gbk_prefix_fitting(std::string_view gbk, std::size_t width) {
  std::size_t i = 0;
  while (i < gbk.size()) {
    const std::size_t step = is_lead_byte(static_cast<unsigned char>(gbk[i])) ? 2 : 1;
    if (i + step > width) break;
    i += step;
  }
  return std::min(i, gbk.size());
}

}  // namespace mstation::sg186
