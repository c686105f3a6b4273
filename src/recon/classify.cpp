#include "mstation/recon/classify.hpp"

#include <fmt/format.h>

namespace mstation::recon {
namespace {

using Kind = StationSide::Kind;

// What the station's record says SG186 should show.
enum class Claim { booked, nothing, reversed_or_nothing, undecided };

Claim claim_of(const StationSide& s) {
  if (s.kind == Kind::auto_reversal) {
    if (s.state == "done") return s.saf_result == "1001" ? Claim::booked : Claim::nothing;
    return Claim::undecided;
  }
  if (s.state == "succeeded") return Claim::booked;
  if (s.state == "reversed") return s.kind == Kind::charge ? Claim::reversed_or_nothing : Claim::nothing;
  if (s.state == "declined" || s.state == "not_charged") return Claim::nothing;
  return Claim::undecided;  // unknown, pending, manual
}

Verdict verdict(Class cls, std::string note, Settle settle = Settle::none) { return {cls, settle, false, std::move(note)}; }

Verdict only_at_sg186(const Sg186Side& line) {
  return verdict(Class::upstream_only,
                 line.status == '2'
                     ? "SG186 booked and reversed a transaction the station never sent: ask SG186 who sent this serial"
                     : "SG186 credited the customer for a transaction the station never sent: ask SG186 who sent this "
                       "serial, and have it reversed there (冲正) if nobody collected the cash");
}

Verdict only_at_station(const StationSide& s) {
  if (s.kind == Kind::auto_reversal) {
    return verdict(Class::local_only,
                   "SG186 answered this automatic reversal 1001 but does not list it: its original may still be "
                   "charged; check the original's line");
  }
  if (s.kind == Kind::reversal) {
    return verdict(Class::local_only,
                   "the terminal's reversal succeeded here but SG186 has no record of it: the customer is still "
                   "charged at SG186; have SG186 reverse it (冲正) by hand");
  }
  return verdict(Class::local_only,
                 "the terminal was told success but SG186 never credited the customer: have it booked in SG186 "
                 "(补录) from the receipt, then reconcile again");
}

// An undecided record: the statement decides. Only `unknown` (or a queued
// automatic reversal) is settled here; pending and manual are reported.
Verdict undecided(const StationSide& s, const std::optional<Sg186Side>& line) {
  const bool settles = s.kind == Kind::auto_reversal ? s.state == "queued" : s.state == "unknown";
  const bool booked = line && line->status == '1';
  Verdict v;
  if (s.kind == Kind::auto_reversal) {
    // The original's own line tells whether it is reversed; this serial only says the 012 arrived.
    if (line) {
      v = verdict(Class::matched, "SG186 booked this automatic reversal", settles ? Settle::saf_done : Settle::none);
    } else {
      v = verdict(Class::matched, "this automatic reversal never reached SG186");
    }
  } else if (!line) {
    v = verdict(Class::matched, "SG186 never booked it: nothing was charged", settles ? Settle::not_charged : Settle::none);
  } else if (s.kind == Kind::reversal) {
    v = verdict(Class::matched, "SG186 booked this reversal", settles ? Settle::reversal_succeeded : Settle::none);
  } else if (!booked) {
    v = verdict(Class::matched, "SG186 booked it and reversed it: nothing is charged",
                settles ? Settle::reversed : Settle::none);
  } else {
    v = verdict(Class::upstream_only,
                "the terminal was told the result was unknown (98) but SG186 credited the customer: find out whether "
                "the cash was collected, then `mstation txn resolve " + std::to_string(s.txn_id) +
                    " --as succeeded` or have SG186 reverse it (冲正) and `--as reversed`",
                settles ? Settle::manual : Settle::none);
  }
  if (s.state == "manual" && s.kind != Kind::auto_reversal) {
    v.open = true;
    v.settle = Settle::none;
  } else if (s.state == "pending") {
    v.open = true;
    v.settle = Settle::none;
    v.note += " (the record is still pending: reconcile again once it is settled)";
  }
  return v;
}

Verdict nothing_but_listed(const StationSide& s, const Sg186Side& line) {
  if (s.kind == Kind::charge && line.status == '2') return verdict(Class::matched, "booked and reversed at SG186");
  if (s.kind == Kind::auto_reversal) {
    return verdict(Class::upstream_only, "SG186 answered this automatic reversal with " + s.saf_result +
                                             " but lists it: check its original's line");
  }
  if (s.kind == Kind::reversal) {
    return verdict(Class::upstream_only, "the station recorded this reversal as not done (" + s.state +
                                             ") but SG186 booked it: the customer's payment was taken back at SG186 "
                                             "while the receipt stands; ask SG186, then settle the original");
  }
  return verdict(Class::upstream_only, "the station recorded it as not charged (" + s.state +
                                           ") but SG186 booked it: the customer was credited without cash "
                                           "collected; have SG186 reverse it (冲正)");
}

// A line whose customer or amount is not the record's: a discrepancy of its
// own, and nothing is settled from it.
std::optional<Verdict> differs(const StationSide& s, const Sg186Side& line) {
  std::optional<Verdict> v;
  if (!line.cons_no.empty() && line.cons_no != s.customer_no) {
    v = verdict(Class::state_mismatch, fmt::format("SG186 booked this serial for customer {}, the station for {}: "
                                                   "the wrong account was credited; ask SG186 to move it",
                                                   line.cons_no, s.customer_no));
  } else if (line.amount_fen != s.amount_fen) {
    v = verdict(Class::amount_mismatch, fmt::format("the station has {} fen, SG186 {} fen: check the receipt "
                                                    "against SG186's record",
                                                    s.amount_fen, line.amount_fen));
  }
  // A record people own, or one still in progress, stays open for them whatever the line says.
  if (v && s.kind != Kind::auto_reversal && (s.state == "manual" || s.state == "pending")) v->open = true;
  return v;
}

Verdict both_sides(const StationSide& s, const Sg186Side& line) {
  if (line.txn_code != s.sg186_txn_code) {
    return verdict(Class::state_mismatch, fmt::format("SG186 lists this serial as TXN {:03}, the station sent {:03}: "
                                                      "ask SG186 to check the line",
                                                      line.txn_code, s.sg186_txn_code));
  }
  const auto claim = claim_of(s);
  // Nothing was collected: whatever SG186 booked under it is SG186's to undo.
  if (claim == Claim::nothing) return nothing_but_listed(s, line);
  if (auto v = differs(s, line)) return *v;
  if (claim == Claim::undecided) return undecided(s, line);
  if (claim == Claim::booked && s.kind == Kind::charge && line.status == '2') {
    return verdict(Class::state_mismatch,
                   "SG186 reversed it but the station did not: the terminal's receipt stands; find who reversed it at "
                   "SG186");
  }
  if (claim == Claim::reversed_or_nothing && line.status == '1') {
    return verdict(Class::state_mismatch,
                   "the station reversed it (or was told SG186 never had it, 1016) but SG186 kept the original: the "
                   "customer is credited for cash the station gave back; have SG186 reverse it (冲正)");
  }
  return verdict(Class::matched, "");
}

}  // namespace

const char* to_string(Class c) {
  switch (c) {
    case Class::matched: return "matched";
    case Class::local_only: return "local_only";
    case Class::upstream_only: return "upstream_only";
    case Class::amount_mismatch: return "amount_mismatch";
    case Class::state_mismatch: return "state_mismatch";
  }
  return "?";
}

const char* to_string(Settle s) {
  switch (s) {
    case Settle::none: return "none";
    case Settle::not_charged: return "not_charged";
    case Settle::reversed: return "reversed";
    case Settle::manual: return "manual";
    case Settle::reversal_succeeded: return "succeeded";
    case Settle::saf_done: return "saf_done";
  }
  return "?";
}

Verdict judge(const std::optional<StationSide>& station, const std::optional<Sg186Side>& line) {
  if (!station) return only_at_sg186(*line);
  if (!line) {
    switch (claim_of(*station)) {
      case Claim::booked: return only_at_station(*station);
      case Claim::undecided: return undecided(*station, std::nullopt);
      case Claim::nothing:
      case Claim::reversed_or_nothing: return verdict(Class::matched, "");
    }
  }
  return both_sides(*station, *line);
}

std::string shown_state(const StationSide& station) {
  if (station.kind != Kind::auto_reversal) return station.state;
  return station.saf_result.empty() ? "saf:" + station.state : "saf:" + station.state + "/" + station.saf_result;
}

}  // namespace mstation::recon
