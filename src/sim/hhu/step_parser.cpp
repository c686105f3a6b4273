#include "step_parser.hpp"

#include <map>

#include "step_arguments.hpp"
#include "usage.hpp"

namespace mstation::hhu_sim {
namespace {

using Fields = std::vector<std::string>;

// How one step is written: its value's syntax, how many fields it has, and
// how they become a request.
struct Form {
  const char* syntax;
  std::size_t min_fields;
  std::size_t max_fields;
  Step (*build)(const Fields&);
};

std::optional<std::string> optional_field(const Fields& f, std::size_t i) {
  if (i < f.size()) return f[i];
  return std::nullopt;
}

std::int64_t amount(const std::string& text) { return number_field(text, "AMOUNT_FEN"); }

std::optional<std::int64_t> status(const Fields& f, std::size_t i) {
  if (i >= f.size()) return std::nullopt;
  const auto s = number_field(f[i], "STATUS");
  if (s > 2) throw UsageError("STATUS must be 0 (normal), 1 (rolled over) or 2 (running backwards)");
  return s;
}

Page page(const Fields& f) {
  Page p;
  if (f.size() > 1) p.page = number_field(f[1], "PAGE");
  if (f.size() > 2) p.page_size = number_field(f[2], "PAGE_SIZE");
  return p;
}

Step build_upload(const Fields& f) {
  Reading r{text_field(f[1], "CUSTOMER"), text_field(f[2], "METER"), number_field(f[3], "READING"), status(f, 4),
            optional_field(f, 5)};
  return reading_upload(text_field(f[0], "SEGMENT"), {r});
}

Step build_anomaly(const Fields& f) {
  return reading_anomaly(text_field(f[0], "CUSTOMER"), text_field(f[1], "METER"), text_field(f[2], "CODE"),
                         optional_field(f, 3));
}

Step build_card_confirm(const Fields& f) {
  if (f[1] != "yes" && f[1] != "no") throw UsageError("card-confirm: say yes or no, not '" + f[1] + "'");
  return card_write_confirm(number_field(f[0], "TXN_ID"), f[1] == "yes");
}

Step build_card(const Fields& f) {
  return card_purchase(text_field(f[0], "CUSTOMER"), text_field(f[1], "METER"), amount(f[2]),
                       text_field(f[3], "CARD_SERIAL"), number_field(f[4], "PURCHASE_COUNT"));
}

const std::map<std::string, Form, std::less<>>& forms() {
  static const std::map<std::string, Form, std::less<>> table{
      {"sign-off", {"sign-off", 0, 0, [](const Fields&) { return sign_off(); }}},
      {"echo", {"echo", 0, 0, [](const Fields&) { return echo(); }}},
      {"settle", {"settle", 0, 0, [](const Fields&) { return day_settlement(nlohmann::json::object()); }}},
      {"reading-tasks",
       {"reading-tasks=SEGMENT[:PAGE[:PAGE_SIZE]]", 1, 3,
        [](const Fields& f) { return reading_tasks(text_field(f[0], "SEGMENT"), page(f)); }}},
      {"upload", {"upload=SEGMENT:CUSTOMER:METER:READING[:STATUS[:ANOMALY]]", 4, 6, build_upload}},
      {"anomaly", {"anomaly=CUSTOMER:METER:CODE[:NOTE]", 3, 4, build_anomaly}},
      {"estimate",
       {"estimate=CUSTOMER:READING[:STATUS]", 2, 3,
        [](const Fields& f) {
          return bill_estimate(text_field(f[0], "CUSTOMER"), number_field(f[1], "READING"), status(f, 2));
        }}},
      {"arrears",
       {"arrears=CUSTOMER", 1, 1, [](const Fields& f) { return arrears_query(text_field(f[0], "CUSTOMER")); }}},
      {"pay",
       {"pay=CUSTOMER:AMOUNT_FEN", 2, 2,
        [](const Fields& f) { return payment(text_field(f[0], "CUSTOMER"), amount(f[1])); }}},
      {"reverse",
       {"reverse=ORIG_SEQ:CUSTOMER:AMOUNT_FEN", 3, 3,
        [](const Fields& f) {
          return reversal(number_field(f[0], "ORIG_SEQ"), text_field(f[1], "CUSTOMER"), amount(f[2]));
        }}},
      {"prepay",
       {"prepay=CUSTOMER:AMOUNT_FEN", 2, 2,
        [](const Fields& f) { return prepayment(text_field(f[0], "CUSTOMER"), amount(f[1])); }}},
      {"reprint",
       {"reprint=TXN_ID", 1, 1, [](const Fields& f) { return receipt_reprint(number_field(f[0], "TXN_ID")); }}},
      {"stats",
       {"stats[=YYYY-MM-DD]", 0, 1,
        [](const Fields& f) {
          if (f.empty()) return collection_stats(std::nullopt);
          return collection_stats(date_field(f[0], "stats DATE"));
        }}},
      {"dunning-tasks",
       {"dunning-tasks=SEGMENT[:PAGE[:PAGE_SIZE]]", 1, 3,
        [](const Fields& f) { return dunning_tasks(text_field(f[0], "SEGMENT"), page(f)); }}},
      {"notice",
       {"notice=CUSTOMER", 1, 1, [](const Fields& f) { return dunning_notice(text_field(f[0], "CUSTOMER")); }}},
      {"outage", {"outage=CUSTOMER", 1, 1, [](const Fields& f) { return outage_check(text_field(f[0], "CUSTOMER")); }}},
      {"card", {"card=CUSTOMER:METER:AMOUNT_FEN:CARD_SERIAL:PURCHASE_COUNT", 5, 5, build_card}},
      {"card-confirm", {"card-confirm=TXN_ID:yes|no", 2, 2, build_card_confirm}},
  };
  return table;
}

Fields fields_of(const std::string& name, const Form& form, std::optional<std::string_view> value) {
  if (!value || value->empty()) {
    if (form.min_fields > 0) throw UsageError("step '" + name + "' needs a value: " + form.syntax);
    return {};
  }
  if (form.max_fields == 0) throw UsageError("step '" + name + "' takes no value");
  auto fields = split_fields(*value, form.max_fields);
  if (fields.size() < form.min_fields) throw UsageError("step '" + name + "' is written " + form.syntax);
  return fields;
}

}  // namespace

Step parse_step(std::string_view word, const std::string& operator_id) {
  const auto eq = word.find('=');
  const std::string name(word.substr(0, eq));
  const auto value = eq == std::string_view::npos ? std::nullopt : std::optional(word.substr(eq + 1));
  if (name == "sign-on") {
    if (value) throw UsageError("step 'sign-on' takes no value (the password comes from standard input)");
    return sign_on(operator_id, "");
  }
  const auto it = forms().find(name);
  if (it == forms().end()) throw UsageError("unknown step '" + std::string(word) + "'");
  return it->second.build(fields_of(name, it->second, value));
}

}  // namespace mstation::hhu_sim
