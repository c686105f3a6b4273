#pragma once
// IP address comparison as the allow-list and terminal binding need it: an
// IPv4-mapped IPv6 peer (::ffff:10.64.1.2, from a dual-stack listener) is the
// IPv4 address it maps.
#include <optional>
#include <string>
#include <string_view>

#include "mstation/common/asio.hpp"

namespace mstation {

std::optional<asio::ip::address> parse_address(std::string_view text);
asio::ip::address unmapped(const asio::ip::address& address);
bool same_address(std::string_view a, std::string_view b);

}  // namespace mstation
