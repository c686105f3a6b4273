#include "expectations.hpp"

#include "printout.hpp"

namespace mstation::hhu_sim {
namespace {

using nlohmann::json;

bool has_kind(const json& value, Kind kind) {
  switch (kind) {
    case Kind::integer:
      return value.is_number_integer();
    case Kind::number:
      return value.is_number();
    case Kind::text:
      return value.is_string();
    case Kind::boolean:
      return value.is_boolean();
    case Kind::list:
      return value.is_array();
    case Kind::printout:
      return value.is_object() && (value.contains("receipt_no") || value.contains("notice_no")) &&
             value.contains("lines") && fits_printer(value["lines"]);
  }
  return false;
}

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::integer:
      return "an integer";
    case Kind::number:
      return "a number";
    case Kind::text:
      return "a string";
    case Kind::boolean:
      return "a boolean";
    case Kind::list:
      return "an array";
    case Kind::printout:
      return "a printout (number and lines of at most 32 columns)";
  }
  return "?";
}

std::string refusal(const Outcome& outcome) {
  const auto& body = outcome.body();
  std::string why = "code " + outcome.code() + " " + body.value("message", "");
  if (body.contains("upstream_code")) why += " (upstream_code " + body["upstream_code"].dump() + ")";
  if (!outcome.response->secured) why += " (plain, advisory)";
  return why;
}

}  // namespace

std::string shortfall(const Outcome& outcome, std::initializer_list<Field> fields) {
  if (!outcome.response) return outcome.problem;
  if (!outcome.succeeded()) return refusal(outcome);
  const auto& body = outcome.body();
  for (const auto& field : fields) {
    if (!body.contains(field.name)) return std::string("no '") + field.name + "' in the answer";
    if (!has_kind(body[field.name], field.kind)) {
      return std::string("'") + field.name + "' is not " + kind_name(field.kind) + ": " + body[field.name].dump();
    }
  }
  return "";
}

}  // namespace mstation::hhu_sim
