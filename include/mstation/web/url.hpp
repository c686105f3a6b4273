#pragma once
// The pieces of a request the console reads: the path and query of its
// target, a urlencoded form body, and one cookie. Percent-decoding refuses
// nothing: a malformed escape is kept as it was.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace mstation::web {

using Params = std::map<std::string, std::string>;

struct Target {
  std::string path;
  Params query;
};

std::string url_decode(std::string_view text);
// "a=1&b=x%20y" → {a: 1, b: "x y"}; a repeated key keeps its first value.
Params parse_params(std::string_view text);
Target parse_target(std::string_view target);
// The value of cookie `name` in a Cookie header ("a=1; b=2").
std::optional<std::string> cookie_value(std::string_view header, std::string_view name);

}  // namespace mstation::web
