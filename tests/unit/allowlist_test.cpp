#include <gtest/gtest.h>

#include "mstation/server/allowlist.hpp"

namespace mstation::server {
namespace {

Allowlist parse_ok(std::string_view text) {
  auto parsed = Allowlist::parse(text);
  if (auto* why = std::get_if<std::string>(&parsed)) ADD_FAILURE() << *why;
  return std::get_if<Allowlist>(&parsed) ? std::get<Allowlist>(parsed) : Allowlist{};
}

std::string parse_error(std::string_view text) {
  auto parsed = Allowlist::parse(text);
  return std::get_if<std::string>(&parsed) ? std::get<std::string>(parsed) : "(parsed)";
}

asio::ip::address ip(const char* text) { return asio::ip::make_address(text); }

TEST(Allowlist, SingleAddressesAndCidrsWithComments) {
  const auto list = parse_ok("# terminals\n10.64.0.0/16\n127.0.0.2  # demo\n\n2001:db8::/32\n::1\n");
  EXPECT_EQ(list.size(), 4u);
  EXPECT_TRUE(list.allows(ip("10.64.200.7")));
  EXPECT_FALSE(list.allows(ip("10.65.0.1")));
  EXPECT_TRUE(list.allows(ip("127.0.0.2")));
  EXPECT_FALSE(list.allows(ip("127.0.0.3")));
  EXPECT_TRUE(list.allows(ip("2001:db8:1::5")));
  EXPECT_FALSE(list.allows(ip("2001:db9::1")));
  EXPECT_TRUE(list.allows(ip("::1")));
}

TEST(Allowlist, Ipv4MappedPeersMatchIpv4Entries) {
  EXPECT_TRUE(parse_ok("127.0.0.2").allows(ip("::ffff:127.0.0.2")));
}

TEST(Allowlist, OddPrefixesMaskWithinAByte) {
  const auto list = parse_ok("192.168.1.128/25");
  EXPECT_TRUE(list.allows(ip("192.168.1.200")));
  EXPECT_FALSE(list.allows(ip("192.168.1.127")));
}

TEST(Allowlist, EmptyListAllowsNobody) { EXPECT_FALSE(parse_ok("# nobody yet\n").allows(ip("127.0.0.1"))); }

TEST(Allowlist, BadLinesAreNamedWithTheirNumber) {
  EXPECT_EQ(parse_error("127.0.0.2\n10.0.0.300\n"), "line 2: '10.0.0.300': not an IP address");
  EXPECT_EQ(parse_error("10.0.0.0/33"), "line 1: '10.0.0.0/33': prefix length must be 0 to 32");
  EXPECT_EQ(parse_error("10.0.0.0/"), "line 1: '10.0.0.0/': prefix length must be 0 to 32");
  EXPECT_EQ(parse_error("::/129"), "line 1: '::/129': prefix length must be 0 to 128");
}

}  // namespace
}  // namespace mstation::server
