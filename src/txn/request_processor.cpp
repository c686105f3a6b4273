// The life of one request frame (docs/architecture.md): checks on a read
// connection, then the write-ahead commit — SEQ taken, request journaled and
// whatever the handler decides, an answer or an SG186 request written ahead
// — then, for a transaction answered through SG186, the finish commit with
// SG186's answer journaled, the record settled and the answer stored.
// A transaction that does not ask SG186 takes one commit; one that does,
// two. Every answer is durable before the terminal hears it.
#include "mstation/txn/request_processor.hpp"

#include <pqxx/pqxx>

#include <spdlog/spdlog.h>

#include "frame_checks.hpp"
#include "frame_journal.hpp"
#include "mstation/hhu/frame.hpp"
#include "mstation/store/business_txn_store.hpp"
#include "mstation/store/request_store.hpp"
#include "mstation/store/terminal_store.hpp"
#include "mstation/txn/codes.hpp"
#include "mstation/txn/exchange_journal.hpp"
#include "mstation/txn/handler.hpp"
#include "mstation/txn/pipeline_errors.hpp"
#include "mstation/txn/sg186_journal.hpp"
#include "mstation/txn/upstream.hpp"
#include "response_builder.hpp"
#include "write_ahead.hpp"

namespace mstation::txn {

struct InFlight {
  Checked checked;
  std::optional<PasswordVerdict> password;
  sg186::NumberedRequest asked;  // the SG186 request now out
};

namespace {

using journal::Entry;
using Decide = std::function<Outcome(pqxx::transaction_base&, std::vector<Entry>&)>;

// The connections and configuration one request's run works with.
struct Run {
  const Settings& settings;
  const keys::KekRing& kek;
  pqxx::connection& reads;
  journal::Committer& writes;
};

HandlerContext context_for(const Run& r, const InFlight& f, pqxx::transaction_base& tx, std::vector<Entry>& journal) {
  const auto& c = f.checked;
  return HandlerContext{tx,      c.terminal, c.frame.header, *c.request, c.keys.working, r.kek, r.settings, c.now,
                        &journal, c.exchange.id, &f.password};
}

// A result as if SG186's answer never came.
sg186::ExchangeResult in_doubt(const std::string& problem) {
  sg186::ExchangeResult result;
  result.kind = sg186::ResultKind::in_doubt;
  result.problem = problem;
  return result;
}

nlohmann::json in_doubt_answer(const store::BusinessTxn& record) {
  auto body = reply(codes::upstream_in_doubt);
  body["txn_id"] = record.txn_id;
  body["serial"] = record.sg186_serial;
  return body;
}

// The handler's decision as an answer stored now, or an SG186 request to send.
Outcome decided(pqxx::transaction_base& tx, const Checked& c, Prepared prepared, const std::string& note,
                std::vector<Entry>& journal) {
  if (const auto* body = std::get_if<nlohmann::json>(&prepared)) return secured_answer(tx, c, *body, note, journal);
  Outcome o = outcome_for(c.frame);
  o.action = Outcome::Action::ask_sg186;
  o.reason = note;
  o.request_clear = c.request_clear;
  o.sg186_request = std::move(std::get<sg186::NumberedRequest>(prepared));
  return o;
}

// What the handler decides for a request that has its SEQ.
Outcome decide(const Run& r, const InFlight& f, pqxx::transaction_base& tx, std::vector<Entry>& journal) {
  const auto& c = f.checked;
  if (!c.request) return secured_answer(tx, c, reply(codes::format_error), c.note(), journal);
  auto ctx = context_for(r, f, tx, journal);
  if (const auto* upstream = find_upstream(c.txn())) return decided(tx, c, upstream->prepare(ctx), c.note(), journal);
  const auto it = handlers().find(c.txn());
  if (it == handlers().end()) {
    return secured_answer(tx, c, reply(codes::not_permitted), "no handler for TXN " + hhu::txn_code(c.txn()), journal);
  }
  return secured_answer(tx, c, it->second(ctx), c.note(), journal);
}

// The answer stored for this request if a commit reported as failed did
// happen; otherwise close (the terminal retransmits and the stored state
// decides then).
Outcome stored_or_close(const Run& r, const Checked& c) {
  try {
    pqxx::read_transaction tx(r.reads);
    auto o = stored_answer_of(tx, c.frame, c.digest);
    if (o && o->action == Outcome::Action::respond) {
      o->retransmission = false;
      o->reason = "the answer committed although its commit reported an error";
      return std::move(*o);
    }
  } catch (const std::exception&) {
    // The database is gone too: close.
  }
  Outcome o = outcome_for(c.frame);
  o.action = Outcome::Action::close;
  o.reason = "no answer could be stored";
  return o;
}

// Another request has this SEQ: the same bytes are a retransmission, other
// bytes a replay.
Outcome lost_race(const Run& r, const Checked& c) {
  std::optional<Outcome> o;
  {
    pqxx::read_transaction tx(r.reads);
    o = stored_answer_of(tx, c.frame, c.digest);
    if (!o) {
      const auto terminal = store::find_terminal(tx, c.frame.header.tid);
      o = plain_refusal(c.frame, c.now, codes::replay, "SEQ taken by a concurrent request", terminal->highest_seq + 1);
    }
  }
  return journal_refusal(r.writes, c.exchange, c.frame, std::move(*o));
}

Outcome answer_internal_error(const Run& r, const Checked& c, bool take);

// One commit: the SEQ (unless a take-over's original has it) and what
// `decide` writes. The expected races are answered here; a handler's failure
// becomes a stored 96, which is true because its commit wrote nothing.
Outcome commit_deciding(const Run& r, const Checked& c, bool take, const Decide& decide) {
  try {
    Outcome o;
    r.writes.commit([&](pqxx::transaction_base& tx, std::vector<Entry>& journal) {
      if (take) take_seq(tx, c, r.settings, journal);
      o = decide(tx, journal);
    });
    return o;
  } catch (const SeqTaken&) {
    spdlog::info("terminal {} SEQ {}: SEQ taken by a concurrent request", c.frame.header.tid, c.frame.header.seq);
    return lost_race(r, c);
  } catch (const AlreadyAnswered&) {
    spdlog::info("terminal {} SEQ {}: already answered; the first answer stands", c.frame.header.tid, c.frame.header.seq);
    return stored_or_close(r, c);
  } catch (const journal::CommitInDoubt& e) {
    spdlog::warn("terminal {} SEQ {}: commit in doubt: {}", c.frame.header.tid, c.frame.header.seq, e.what());
    return stored_or_close(r, c);
  } catch (const journal::DatabaseUnavailable&) {
    throw;  // nothing written; the front-end closes
  } catch (const std::exception& e) {
    spdlog::error("terminal {} SEQ {} TXN {}: internal error: {}", c.frame.header.tid, c.frame.header.seq,
                  hhu::txn_code(c.txn()), e.what());
    return answer_internal_error(r, c, take);
  }
}

Outcome answer_internal_error(const Run& r, const Checked& c, bool take) {
  try {
    Outcome o;
    r.writes.commit([&](pqxx::transaction_base& tx, std::vector<Entry>& journal) {
      if (take) take_seq(tx, c, r.settings, journal);
      o = secured_answer(tx, c, reply(codes::internal_error), "internal error", journal);
    });
    return o;
  } catch (const SeqTaken&) {
    return lost_race(r, c);
  } catch (const std::exception& e) {
    spdlog::error("terminal {} SEQ {}: cannot store the 96 answer either: {}", c.frame.header.tid,
                  c.frame.header.seq, e.what());
    return stored_or_close(r, c);
  }
}

// The finish commit: SG186's answer journaled, the handler's finish, the
// answer stored (or, for a transaction of two exchanges, the next request
// written ahead).
Outcome commit_finish(const Run& r, const InFlight& f, const std::vector<Entry>& sg186_rows,
                      const sg186::ExchangeResult& result, const std::string& note) {
  Outcome o;
  r.writes.commit([&](pqxx::transaction_base& tx, std::vector<Entry>& journal) {
    journal.insert(journal.end(), sg186_rows.begin(), sg186_rows.end());
    auto ctx = context_for(r, f, tx, journal);
    o = decided(tx, f.checked, find_upstream(f.checked.txn())->finish(ctx, result), note, journal);
  });
  return o;
}

// SG186 has been asked by now, so a failure here must never become 96
// ("nothing was done"): the finish is tried once more as if SG186's answer
// never came — a money transaction then becomes unknown and is reversed —
// and if even that cannot be stored, SG186's answer is journaled on its own
// and the connection closes unanswered (the terminal retransmits; the record
// is settled by take-over or the SAF worker's sweep).
Outcome finish(const Run& r, const InFlight& f, const std::vector<Entry>& sg186_rows,
               const sg186::ExchangeResult& result, const std::string& note) {
  const auto& c = f.checked;
  try {
    return commit_finish(r, f, sg186_rows, result, note);
  } catch (const std::exception& e) {
    spdlog::error("terminal {} SEQ {} TXN {}: the SG186 result could not be recorded: {}", c.frame.header.tid,
                  c.frame.header.seq, hhu::txn_code(c.txn()), e.what());
    auto stored = stored_or_close(r, c);
    if (stored.action == Outcome::Action::respond) return stored;
  }
  const std::string problem = "SG186's result could not be recorded";
  try {
    return commit_finish(r, f, sg186_rows, in_doubt(problem), problem);
  } catch (const std::exception& e) {
    spdlog::error("terminal {} SEQ {}: closing unanswered, nothing could be recorded: {}", c.frame.header.tid,
                  c.frame.header.seq, e.what());
  }
  if (!sg186_rows.empty()) {
    try {
      r.writes.commit([&](pqxx::transaction_base&, std::vector<Entry>& journal) { journal = sg186_rows; });
    } catch (const std::exception& e) {
      spdlog::error("terminal {} SEQ {}: SG186's answer could not be journaled: {}", c.frame.header.tid,
                    c.frame.header.seq, e.what());
    }
  }
  return stored_or_close(r, c);
}

// A retransmission executed in the place of an original whose process died
// between its write-ahead and its answer. The original took the SEQ.
Outcome take_over(const Run& r, const InFlight& f) {
  const auto& c = f.checked;
  const auto* upstream = c.request ? find_upstream(c.txn()) : nullptr;
  if (upstream == nullptr) {
    return commit_deciding(r, c, false, [&](auto& tx, auto& journal) { return decide(r, f, tx, journal); });
  }
  std::optional<store::BusinessTxn> record;
  {
    pqxx::read_transaction tx(r.reads);
    record = store::find_business_txn_of(tx, c.key());
  }
  if (record && record->state == store::txn_state::pending) {
    const std::string problem = "the process that sent it ended before SG186's answer was recorded";
    return finish(r, f, {}, in_doubt(problem), "finished in the place of an original whose process ended: " + problem);
  }
  // Settled as abandoned by the SAF worker's sweep — or never written ahead.
  return commit_deciding(r, c, false, [&](pqxx::transaction_base& tx, std::vector<Entry>& journal) {
    store::lock_request(tx, c.key());  // an original and its take-over never both write ahead
    if (const auto written = store::find_business_txn_of(tx, c.key())) {
      return secured_answer(tx, c, in_doubt_answer(*written), c.note(), journal);
    }
    return decide(r, f, tx, journal);
  });
}

Outcome with_in_flight(Outcome o, std::shared_ptr<InFlight> f) {
  if (o.action == Outcome::Action::ask_sg186) {
    f->asked = *o.sg186_request;
    o.in_flight = std::move(f);
  }
  return o;
}

// Checks that fail before the MAC is verified: anyone who can connect can cause them.
bool before_mac(const std::string& code) {
  return code == codes::bad_mac.code || code == codes::bad_key_version.code || code == codes::bad_terminal.code ||
         code == codes::unsupported.code;
}

Outcome over_pre_mac_limit(const std::string& why) {
  Outcome o;
  o.action = Outcome::Action::close;
  o.reason = why + " (over this address's pre-MAC limit: counted, not journaled)";
  o.over_pre_mac_limit = true;
  return o;
}

}  // namespace

RequestProcessor::RequestProcessor(Settings settings, keys::KekSource& kek, Now now)
    : settings_(std::move(settings)),
      kek_(kek),
      now_(std::move(now)),
      limiter_(settings_.pre_mac_journal_per_minute, std::chrono::seconds(60)) {}

Outcome RequestProcessor::process(pqxx::connection& reads, journal::Committer& writes, const Exchange& exchange,
                                  std::span<const std::uint8_t> raw) const {
  return run(reads, writes, exchange, raw, false);
}

Outcome RequestProcessor::take_over(pqxx::connection& reads, journal::Committer& writes, const Exchange& exchange,
                                    std::span<const std::uint8_t> raw) const {
  return run(reads, writes, exchange, raw, true);
}

Outcome RequestProcessor::run(pqxx::connection& reads, journal::Committer& writes, const Exchange& exchange,
                              std::span<const std::uint8_t> raw, bool take_over_original) const {
  auto parsed = hhu::parse_frame(raw);
  if (auto* why = std::get_if<std::string>(&parsed)) {
    if (!limiter_.admit(exchange.peer, now_())) return over_pre_mac_limit(*why);
    Outcome o;
    o.action = Outcome::Action::close;
    o.reason = *why;
    o.journaled = journal_unanswered_bytes(writes, exchange, raw, *why);
    return o;
  }
  const auto& frame = std::get<hhu::Frame>(parsed);
  auto ring = kek_.current();
  auto f = std::make_shared<InFlight>();
  std::optional<Outcome> refused;
  const auto check = [&] {
    pqxx::nontransaction tx(reads);  // one query: no BEGIN, no COMMIT
    auto checked = check_frame(tx, {exchange, frame, now_(), take_over_original}, settings_, *ring);
    if (auto* answer = std::get_if<Outcome>(&checked)) {
      refused = std::move(*answer);
    } else {
      f->checked = std::move(std::get<Checked>(checked));
      if (f->checked.request && frame.header.txn == txns::sign_on) {
        // PBKDF2 here, not on a writer
        f->password = verify_sign_on_password(tx, *f->checked.request, frame.header.tid, now_());
      }
    }
  };
  try {
    check();
  } catch (const keys::KekNotLoaded& e) {
    // A rotation re-sealed the keys before this daemon saw the new KEK file.
    ring = kek_.ring_with(e.kek_id());
    if (!ring->has(e.kek_id())) throw;
    f = std::make_shared<InFlight>();
    check();  // reads only: safe to run again
  }
  if (refused) {
    if (before_mac(refused->code) && !limiter_.admit(exchange.peer, now_())) return over_pre_mac_limit(refused->reason);
    return journal_refusal(writes, exchange, frame, std::move(*refused));
  }
  const Run r{settings_, *ring, reads, writes};
  if (f->checked.taking_over) return with_in_flight(txn::take_over(r, *f), f);
  auto o = commit_deciding(r, f->checked, true,
                           [&](pqxx::transaction_base& tx, std::vector<Entry>& journal) { return decide(r, *f, tx, journal); });
  // A sign-on never asks SG186: once answered, its password has served.
  if (frame.header.txn == txns::sign_on && f->checked.request) wipe_sign_on_password(*f->checked.request);
  return with_in_flight(std::move(o), f);
}

Outcome RequestProcessor::resume(pqxx::connection& reads, journal::Committer& writes, const Outcome& asked,
                                 const sg186::ExchangeResult& result) const {
  auto f = std::const_pointer_cast<InFlight>(asked.in_flight);
  const auto ring = kek_.current();
  const Run r{settings_, *ring, reads, writes};
  std::vector<Entry> sg186_rows;
  journal_sg186_result(sg186_rows, Sg186Context{f->checked.exchange.id, settings_.sg186_peer}, f->asked.bytes, result);
  return with_in_flight(finish(r, *f, sg186_rows, result, f->checked.note()), f);
}

}  // namespace mstation::txn
