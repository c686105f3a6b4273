#include "summary.hpp"

#include "printout.hpp"

namespace mstation::hhu_sim {
namespace {

using nlohmann::json;

// Keys never reach the screen; bulky parts become a count or their number.
json shortened(json body) {
  body.erase("code");
  body.erase("message");
  for (const char* secret : {"tdk", "tak"})
    if (body.contains(secret)) body[secret] = "***";
  if (body.contains("tasks") && body["tasks"].is_array()) {
    body["tasks"] = std::to_string(body["tasks"].size()) + " tasks";
  }
  if (body.contains("write_data") && body["write_data"].is_string()) {
    body["write_data"] = std::to_string(body["write_data"].get<std::string>().size() / 2) + " bytes";
  }
  for (const auto& [field, number] : {std::pair{"receipt", "receipt_no"}, std::pair{"notice", "notice_no"}}) {
    if (body.contains(field) && body[field].is_object() && body[field].contains(number)) {
      body[field] = body[field][number];
    }
  }
  return body;
}

}  // namespace

std::string summary_line(const std::string& name, std::uint32_t seq, const hhu::Response& response) {
  return name + " SEQ " + std::to_string(seq) + (response.secured ? "" : " (plain, advisory)") + ": " +
         response.code() + " " + response.body.value("message", "") + " " + shortened(response.body).dump();
}

std::string printouts(const json& body) {
  std::string out;
  for (const char* field : {"receipt", "notice"}) {
    if (body.contains(field) && body[field].is_object() && body[field].contains("lines")) {
      out += printout(body[field]["lines"]);
    }
  }
  return out;
}

}  // namespace mstation::hhu_sim
