#include "session.hpp"

#include <iostream>

#include "mstation/common/china_time.hpp"
#include "summary.hpp"

namespace mstation::hhu_sim {

const nlohmann::json& Outcome::body() const {
  static const nlohmann::json empty = nlohmann::json::object();
  return response ? response->body : empty;
}

Session::Session(const Options& options, TerminalState state)
    : options_(options), endpoints_{options.server_host, options.server_port, options.bind}, state_(std::move(state)) {}

Outcome Session::exchange(const Step& step) {
  Outcome outcome;
  try {
    const Bytes request = state_.terminal.request(step.txn, step.body, Clock::now());
    outcome.seq = state_.terminal.last_seq();
    save_state(options_, state_);  // the SEQ is used once the frame may have left
    const Bytes answer = send_and_receive(endpoints_, request);
    if (answer.empty()) {
      outcome.problem = "no answer (the connection was closed)";
    } else {
      outcome.response = state_.terminal.open(answer);
    }
  } catch (const std::exception& e) {
    outcome.problem = e.what();
  }
  if (outcome.response) {
    std::cout << summary_line(step.name, outcome.seq, *outcome.response) << "\n" << printouts(outcome.response->body);
  } else {
    std::cout << step.name << " SEQ " << outcome.seq << ": " << outcome.problem << "\n";
  }
  std::cout.flush();
  remember(step, outcome);
  save_state(options_, state_);
  return outcome;
}

void Session::remember(const Step& step, const Outcome& outcome) {
  if (!outcome.succeeded()) return;
  state_.money.note_success(business_date(Clock::now()), outcome.seq, step.txn, step.body);
  const auto& body = outcome.body();
  if (step.txn == txn::card_purchase && body.contains("new_purchase_count") &&
      body["new_purchase_count"].is_number_integer()) {
    state_.card_counts[step.body.value("customer_no", "")] = body["new_purchase_count"].get<std::int64_t>();
  }
}

}  // namespace mstation::hhu_sim
