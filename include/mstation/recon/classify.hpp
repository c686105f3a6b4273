#pragma once
// How one SG186 serial of a business date is judged (docs/reconciliation.md):
// what the station holds under it against the line SG186's statement has
// for it, if any. Pure: the matcher feeds it pairs, the settler carries out
// what it decides.
//
// The station's claim depends on the state of its record:
//   charge (011 payment, 013 prepayment, 040 card purchase)
//     succeeded           booked and standing      → expects STATUS 1
//     reversed            nothing net              → expects STATUS 2, or no line (reversal answered 1016)
//     declined, not_charged  never booked          → expects no line
//     unknown             undecided: the statement decides and settles it
//     pending, manual     undecided, never settled here (a live process; ops)
//   reversal (012 sent for a terminal's REVERSAL)
//     succeeded → expects a line; declined, not_charged → none; unknown settled
//   automatic reversal (012 from the SAF queue; the SAF entry's state)
//     done with 1001 → expects a line; done otherwise → none; queued: settled
#include <cstdint>
#include <optional>
#include <string>

namespace mstation::recon {

enum class Class { matched, local_only, upstream_only, amount_mismatch, state_mismatch };
const char* to_string(Class c);

struct StationSide {
  enum class Kind { charge, reversal, auto_reversal };
  Kind kind = Kind::charge;
  std::int64_t txn_id = 0;      // the business transaction (an automatic reversal: its original's)
  unsigned sg186_txn_code = 0;  // what SG186 should list it as: 11, 13, 40 or 12
  std::string customer_no;
  std::int64_t amount_fen = 0;
  std::string state;            // business_txn.state; an automatic reversal: the SAF entry's state
  std::string saf_result;       // an automatic reversal: the SAF entry's last result
};

struct Sg186Side {
  unsigned txn_code = 0;
  std::string cons_no;
  std::int64_t amount_fen = 0;
  char status = '1';  // '1' normal, '2' reversed by a 012
};

// What the statement decides for a record the station left undecided.
enum class Settle {
  none,
  not_charged,         // unknown charge or reversal SG186 never booked; its SAF entry ended
  reversed,            // unknown charge SG186 booked and reversed; its SAF reversal ended
  manual,              // unknown charge SG186 booked and did not reverse: ops must act
  reversal_succeeded,  // unknown reversal SG186 booked: it succeeded, its original is reversed
  saf_done,            // queued automatic reversal SG186 booked: the entry is done
};
const char* to_string(Settle s);

struct Verdict {
  Class cls = Class::matched;
  Settle settle = Settle::none;
  bool open = false;  // the record is `manual`: ops settle it (txn resolve), the note says how
  std::string note;   // what it means and what to do, for the report
};

// At least one side is present.
Verdict judge(const std::optional<StationSide>& station, const std::optional<Sg186Side>& line);

// The state shown for a station side in reports: "succeeded", or
// "saf:done/1016" for an automatic reversal.
std::string shown_state(const StationSide& station);

}  // namespace mstation::recon
