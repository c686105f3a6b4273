// The day's dunning round: the task list, a notice served, the disconnection check.
#include "day_script.hpp"
#include "requests.hpp"

namespace mstation::hhu_sim {

void DayScript::serve_dunning_notice() {
  const auto downloaded = expect(dunning_tasks(options_.segment, Page{1, std::nullopt}),
                                 {{"tasks", Kind::list}, {"pages", Kind::integer}, {"total", Kind::integer}});
  if (!downloaded.as_expected) return;
  const auto& tasks = downloaded.body()["tasks"];
  if (tasks.empty()) return skip("notice and outage", "segment " + options_.segment + " has no dunning tasks");
  const auto& first = tasks.front();
  if (!first.is_object() || !first.contains("customer_no") || !first["customer_no"].is_string()) {
    return fail("dunning-tasks", "the first task has no customer_no");
  }
  const auto customer = first["customer_no"].get<std::string>();
  expect(for_customer(dunning_notice(customer), customer), {{"notice", Kind::printout}});
  expect(for_customer(outage_check(customer), customer), {{"arrears_fen", Kind::integer},
                                                          {"overdue_days", Kind::integer},
                                                          {"may_disconnect", Kind::boolean},
                                                          {"reason", Kind::text}});
}

}  // namespace mstation::hhu_sim
