#include "mstation/txn/settings.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace mstation::txn {

Settings Settings::from(const config::Config& c) {
  Settings s;
  s.instance = c.station.instance;
  s.frame_timeout = std::chrono::seconds(c.terminal_listener.frame_timeout_s);
  s.key_lifetime = std::chrono::seconds(c.keys.key_lifetime_s);
  s.key_grace = std::chrono::seconds(c.keys.key_grace_s);
  s.clock_skew = std::chrono::seconds(c.keys.clock_skew_s);
  s.agency_code = c.station.agency_code;
  s.sg186_peer = fmt::format("{}:{}", c.sg186.host, c.sg186.port);
  s.sg186_exchange_timeout = std::chrono::milliseconds(c.sg186.exchange_timeout_ms);
  s.max_payment_fen = c.limits.max_payment_fen;
  s.max_cash_in_transit_fen = c.limits.max_cash_in_transit_fen;
  s.pre_mac_journal_per_minute = static_cast<std::uint32_t>(c.terminal_listener.pre_mac_journal_per_minute);
  if (c.tariffs_file) {
    auto loaded = tariff::TariffBook::load(c.tariffs_file->string());
    if (auto* problem = std::get_if<std::string>(&loaded)) throw std::runtime_error("tariffs_file: " + *problem);
    s.tariffs = std::make_shared<const tariff::TariffBook>(std::move(std::get<tariff::TariffBook>(loaded)));
  }
  return s;
}

std::chrono::seconds no_original_alive_after(const config::Config& c) {
  return std::chrono::seconds(c.terminal_listener.frame_timeout_s + 60) +
         2 * std::chrono::ceil<std::chrono::seconds>(
                 std::chrono::milliseconds(c.sg186.connect_timeout_ms + c.sg186.exchange_timeout_ms));
}

}  // namespace mstation::txn
