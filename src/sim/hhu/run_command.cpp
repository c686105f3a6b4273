#include "run_command.hpp"

#include <iostream>

#include "mstation/common/china_time.hpp"
#include "session.hpp"
#include "step_parser.hpp"

namespace mstation::hhu_sim {
namespace {

// What only the moment of sending knows: the password, typed when asked
// for, and the day's money transactions so far.
Step completed(Step step, Session& session) {
  if (step.txn == txn::sign_on) {
    std::string password;
    std::getline(std::cin, password);
    step.body["password"] = password;
  }
  if (step.txn == txn::day_settlement) {
    step.body = session.state().money.settlement_request(business_date(Clock::now()));
  }
  return step;
}

}  // namespace

int run_steps(const Options& options) {
  std::vector<Step> steps;
  for (const auto& word : options.steps) steps.push_back(parse_step(word, options.operator_id));
  Session session(options, load_state(options));
  int status = 0;
  for (const auto& step : steps) {
    if (!session.exchange(completed(step, session)).succeeded()) status = 1;
  }
  return status;
}

}  // namespace mstation::hhu_sim
