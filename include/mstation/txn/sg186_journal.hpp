#pragma once
// Journal rows for SG186 exchanges: the request raw (GBK bytes) and decoded
// before it is sent, then the answer raw and decoded — or, when there is no
// answer, a row saying why (not delivered / in doubt) with whatever bytes
// came back.
#include <cstdint>
#include <string>
#include <vector>

#include "mstation/journal/entry.hpp"
#include "mstation/sg186/client.hpp"

namespace mstation::txn {

struct Sg186Context {
  std::int64_t exchange_id = 0;  // the terminal exchange that caused it, or the serial's number
  std::string peer;              // "host:port" of SG186
};

void journal_sg186_request(std::vector<journal::Entry>& out, const Sg186Context& context,
                           const std::string& request_bytes);
void journal_sg186_result(std::vector<journal::Entry>& out, const Sg186Context& context,
                          const std::string& request_bytes, const sg186::ExchangeResult& result);

}  // namespace mstation::txn
