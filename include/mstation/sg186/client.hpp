#pragma once
// The master station's side of one SG186 exchange (sg186-interface.md §1):
// connect, send one request, read one answer, close. No database here: the
// caller numbers, journals and records (txn/, server/).
//
// What the caller may conclude from the result:
//   answered       a complete, well-formed answer to *this* request (same
//                  TXN_CODE and SERIAL) — success or decline;
//   not_delivered  not one byte of the request left: nothing was done;
//   in_doubt       the request (or part of it) was sent and no valid answer
//                  came — SG186 may or may not have executed it.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "mstation/common/asio.hpp"
#include "mstation/sg186/header.hpp"
#include "mstation/sg186/request.hpp"

namespace mstation::sg186 {

struct Endpoint {
  std::string host;
  std::uint16_t port = 0;
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds exchange_timeout{15000};  // the whole exchange, connect included
};

enum class ResultKind { answered, not_delivered, in_doubt };
const char* to_string(ResultKind kind);

struct ExchangeResult {
  ResultKind kind = ResultKind::not_delivered;
  std::optional<Message> answer;  // when answered
  std::string received;           // the bytes that came back, complete or not
  std::string problem;            // why not answered, for logs and the journal
  std::chrono::steady_clock::duration elapsed{};

  bool succeeded() const { return answer && answer->header.rsp_code == "1001"; }
};

// The header of a request: the caller's fields plus the request's own.
Header request_header(const Request& request, const std::string& agency, const std::string& serial,
                      std::uint32_t work_date, std::uint64_t txn_time);

// Judges bytes received for `request` (its header decoded): answered, or
// in_doubt with the reason. Separate from the socket code so it can be
// tested byte by byte.
ExchangeResult judge_answer(const Header& request, std::string received);

#ifndef MSTATION_NO_COROUTINES
// Never throws for network trouble; every outcome is an ExchangeResult.
asio::awaitable<ExchangeResult> exchange(Endpoint endpoint, std::string request_bytes);
#endif

// For the CLI and tests: runs the exchange on a private io_context.
ExchangeResult exchange_blocking(const Endpoint& endpoint, const std::string& request_bytes);

}  // namespace mstation::sg186
