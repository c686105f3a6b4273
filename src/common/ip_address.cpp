#include "mstation/common/ip_address.hpp"

namespace mstation {

std::optional<asio::ip::address> parse_address(std::string_view text) {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  return unmapped(address);
}

asio::ip::address unmapped(const asio::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
  }
  return address;
}

bool same_address(std::string_view a, std::string_view b) {
  const auto x = parse_address(a);
  const auto y = parse_address(b);
  return x && y && *x == *y;
}

}  // namespace mstation
