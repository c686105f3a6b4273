#include "mstation/server/allowlist.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

#include "mstation/common/ip_address.hpp"

namespace mstation::server {
namespace {

std::string trim(std::string_view s) {
  const auto begin = s.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return "";
  const auto end = s.find_last_not_of(" \t\r");
  return std::string(s.substr(begin, end - begin + 1));
}

template <typename AddressBytes>
bool prefix_matches(const AddressBytes& a, const AddressBytes& b, unsigned prefix) {
  unsigned bits = prefix;
  for (std::size_t i = 0; i < a.size() && bits > 0; ++i) {
    const unsigned take = bits >= 8 ? 8 : bits;
    const auto mask = static_cast<std::uint8_t>(0xFF << (8 - take));
    if ((a[i] & mask) != (b[i] & mask)) return false;
    bits -= take;
  }
  return true;
}

// One entry, or the reason it is not one.
std::variant<Network, std::string> parse_entry(const std::string& text) {
  const auto slash = text.find('/');
  const auto address = parse_address(text.substr(0, slash));
  if (!address) return std::string("not an IP address");
  const unsigned max_prefix = address->is_v4() ? 32 : 128;
  unsigned prefix = max_prefix;
  if (slash != std::string::npos) {
    const std::string digits = text.substr(slash + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty() || prefix > max_prefix) {
      return "prefix length must be 0 to " + std::to_string(max_prefix);
    }
  }
  return Network{*address, prefix};
}

}  // namespace

bool Network::contains(const asio::ip::address& candidate) const {
  const auto address = unmapped(candidate);
  if (address.is_v4() != base.is_v4()) return false;
  if (address.is_v4()) return prefix_matches(address.to_v4().to_bytes(), base.to_v4().to_bytes(), prefix);
  return prefix_matches(address.to_v6().to_bytes(), base.to_v6().to_bytes(), prefix);
}

std::variant<Allowlist, std::string> Allowlist::parse(std::string_view text) {
  Allowlist list;
  std::istringstream lines{std::string(text)};
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    const std::string entry = trim(line.substr(0, line.find('#')));
    if (entry.empty()) continue;
    auto parsed = parse_entry(entry);
    if (auto* why = std::get_if<std::string>(&parsed)) {
      return "line " + std::to_string(number) + ": '" + entry + "': " + *why;
    }
    list.networks_.push_back(std::get<Network>(parsed));
  }
  return list;
}

std::variant<Allowlist, std::string> Allowlist::load(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return "cannot read " + file.string();
  std::ostringstream text;
  text << in.rdbuf();
  auto parsed = parse(text.str());
  if (auto* why = std::get_if<std::string>(&parsed)) return file.string() + ": " + *why;
  return parsed;
}

bool Allowlist::allows(const asio::ip::address& address) const {
  for (const auto& n : networks_)
    if (n.contains(address)) return true;
  return false;
}

}  // namespace mstation::server
