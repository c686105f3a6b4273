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

void JournaledExchange::reserve(int count) {
  const bool durable = writes_.durable();
  writes_.set_durable(true);
  std::vector<store::Sg186Serial> taken;
  writes_.commit([&](pqxx::transaction_base& tx, std::vector<journal::Entry>&) {
    taken = store::next_sg186_serials(tx, business_date_number(Clock::now()), count);
  });
  writes_.set_durable(durable);
  for (auto& s : taken) serials_.push_back(std::move(s.serial));  // only once they are durably taken
}

JournaledExchange::~JournaledExchange() {
  try {
    flush();
  } catch (const std::exception&) {
    // The run failed already (the database): its answer rows go with it.
  }
}

void JournaledExchange::commit(std::vector<journal::Entry> rows) {
  writes_.commit([&](pqxx::transaction_base&, std::vector<journal::Entry>& journal) {
    journal.insert(journal.end(), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
  });
}

void JournaledExchange::flush() {
  if (held_.empty()) return;
  commit(std::move(held_));
  held_.clear();
}

sg186::ExchangeResult JournaledExchange::exchange(const sg186::Request& request) {
  if (serials_.empty()) reserve(1);
  const auto numbered = txn::encode_request(agency_, request, serials_.front(), Clock::now());
  serials_.pop_front();
  const txn::Sg186Context context{store::serial_number(numbered.serial), peer_};
  auto rows = std::move(held_);
  held_.clear();
  txn::journal_sg186_request(rows, context, numbered.bytes);
  commit(std::move(rows));  // the request before it is sent
  auto result = sg186::exchange_blocking(endpoint_, numbered.bytes);
  txn::journal_sg186_result(held_, context, numbered.bytes, result);
  return result;
}

}  // namespace mstation::recon
