#include "mstation/txn/receipt.hpp"

#include "mstation/txn/print_layout.hpp"

namespace mstation::txn {
namespace {

const std::string rule(printer_columns, '-');

}  // namespace

std::string printed_time(TimePoint at) {
  auto text = iso8601_china(at).substr(0, 19);
  text[10] = ' ';
  return text;
}

std::vector<std::string> receipt_lines(const std::string& title, const ReceiptFields& fields, const std::string& tid,
                                       const std::string& operator_id, TimePoint at) {
  std::vector<std::string> lines{centred(title), rule};
  const auto add = [&](const std::string& label, const std::string& value) {
    for (auto& line : labelled(label, value)) lines.push_back(std::move(line));
  };
  for (const auto& [label, value] : fields) add(label, value);
  lines.push_back(rule);
  add("终端", tid);
  add("操作员", operator_id);
  add("时间", printed_time(at));
  return lines;
}

std::vector<std::string> reprint_lines(const std::vector<std::string>& original, TimePoint at) {
  std::vector<std::string> lines{centred("*** 补打 ***")};
  lines.insert(lines.end(), original.begin(), original.end());
  for (auto& line : labelled("补打时间", printed_time(at))) lines.push_back(std::move(line));
  return lines;
}

nlohmann::json receipt_json(const std::string& receipt_no, const std::vector<std::string>& lines) {
  return {{"receipt_no", receipt_no}, {"lines", lines}};
}

}  // namespace mstation::txn
