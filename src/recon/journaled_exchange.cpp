#include "mstation/recon/journaled_exchange.hpp"

#include <fmt/format.h>

#include "mstation/store/sg186_serial.hpp"
#include "mstation/txn/sg186_journal.hpp"
#include "mstation/txn/sg186_numbering.hpp"

namespace mstation::recon {

JournaledExchange::JournaledExchange(const config::Config& config, journal::DirectCommitter& writes)
    : agency_(config.station.agency_code),
      peer_(fmt::format("{}:{}", config.sg186.host, config.sg186.port)),
      endpoint_{config.sg186.host, config.sg186.port, std::chrono::milliseconds(config.sg186.connect_timeout_ms),
                std::chrono::milliseconds(config.sg186.exchange_timeout_ms)},
      writes_(writes) {}

sg186::ExchangeResult JournaledExchange::exchange(const sg186::Request& request) {
  sg186::NumberedRequest numbered;
  txn::Sg186Context context{0, peer_};
  writes_.commit([&](pqxx::transaction_base& tx, std::vector<journal::Entry>& rows) {
    numbered = txn::number_request(tx, agency_, request, Clock::now());
    context.exchange_id = store::serial_number(numbered.serial);
    txn::journal_sg186_request(rows, context, numbered.bytes);
  });
  auto result = sg186::exchange_blocking(endpoint_, numbered.bytes);
  writes_.commit([&](pqxx::transaction_base&, std::vector<journal::Entry>& rows) {
    txn::journal_sg186_result(rows, context, numbered.bytes, result);
  });
  return result;
}

}  // namespace mstation::recon
