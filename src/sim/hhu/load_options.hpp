#pragma once
// hhu-sim load's command line:
//
//   hhu-sim load --server HOST:PORT [--server HOST:PORT]... --fleet FLEET.csv --tmk-file TMKS
//       (--operator ID --password PW | --operators FILE) --customers FILE
//       (--terminals N | --rate R [--terminals N]) (--duration S | --count N)
//       [--mix pay=70,query=20,reverse=5,reading=5] [--amount-fen F] [--json]
//       [--told FILE] [--retransmit N] [--duplicates K] [--seed S]
//
// Several --server: terminal i starts at server i mod n, and each
// retransmission goes to the next. --retransmit N: a request that gets no
// answer (or an unreadable one) is resent, byte-identical, up to N times, as
// a handheld does. --duplicates K: each request is then sent 1..K more times
// (a retransmission storm). --told FILE: a JSON line per request — terminal,
// SEQ, TXN, what it asked, the code it was finally told, how many sends, the
// digest of every secured answer — for the chaos checker (docs/reliability.md).
//
// FLEET.csv is what `mstation terminal import` read (tid,ip,suite,station),
// TMKS what it wrote (tid,tmk,kcv); --operators has id,password lines (one
// operator per terminal, in turn); --customers one customer number a line.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mstation::hhu_sim {

// What a loop iteration sends (hhu-protocol.md §5): pay = PREPAYMENT of
// --amount-fen to a customer, payment = PAYMENT, query = ARREARS_QUERY,
// reverse = REVERSAL of this terminal's last approved charge (a pay when
// there is none), reading = READING_TASKS of a segment, echo = ECHO,
// stats = COLLECTION_STATS.
inline constexpr const char* load_kinds[] = {"pay", "payment", "query", "reverse", "reading", "echo", "stats"};

struct LoadOptions {
  std::vector<std::pair<std::string, std::uint16_t>> servers;
  std::string fleet_file;
  std::string tmk_file;
  std::string operator_id;
  std::string password;
  std::string operators_file;
  std::string customers_file;
  std::size_t terminals = 0;  // 0 with --rate: the whole fleet
  double rate = 0;            // requests/s in all; 0 = closed loop
  double duration_s = 0;
  std::uint64_t count = 0;
  std::vector<std::pair<std::string, unsigned>> mix{{"pay", 100}};
  std::int64_t amount_fen = 1;
  bool json = false;
  std::string told_file;
  int retransmit = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t seed = 0;

  bool open_loop() const { return rate > 0; }
};

// args after "load"; throws UsageError naming the first problem.
LoadOptions parse_load_options(const std::vector<std::string>& args);

inline constexpr const char* load_usage_text =
    "usage: hhu-sim load --server HOST:PORT --fleet FLEET.csv --tmk-file TMKS\n"
    "         (--operator ID --password PW | --operators FILE) --customers FILE\n"
    "         (--terminals N | --rate R [--terminals N]) (--duration S | --count N)\n"
    "         [--mix pay=70,query=20,reverse=5,reading=5] [--amount-fen F] [--json]\n"
    "         [--told FILE] [--retransmit N] [--duplicates K] [--seed S]\n"
    "  closed loop (--terminals): each terminal sends its next request when answered;\n"
    "  open loop (--rate): requests at R/s in all, latency from when each was due.\n"
    "  mix kinds: pay (prepayment) payment query reverse reading echo stats\n";

}  // namespace mstation::hhu_sim
