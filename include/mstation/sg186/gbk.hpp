#pragma once
// GBK, the SG186 interface's text encoding, to and from UTF-8 (glibc iconv).
#include <optional>
#include <string>
#include <string_view>

namespace mstation::sg186 {

// nullopt if the text has a character GBK cannot represent (or is not UTF-8).
std::optional<std::string> utf8_to_gbk(std::string_view utf8);
// nullopt if the bytes are not valid GBK (read leniently, as GB18030:
// user-defined GBK codes become private-use characters).
std::optional<std::string> gbk_to_utf8(std::string_view gbk);

// The longest prefix of GBK bytes that fits `width` bytes without splitting a
// double-byte character.
std::size_t gbk_prefix_fitting(std::string_view gbk, std::size_t width);

}  // namespace mstation::sg186
