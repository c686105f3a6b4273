#include "mstation/web/console_api.hpp"

#include <fmt/format.h>

#include <charconv>
#include <pqxx/pqxx>

#include "api_handlers.hpp"
#include "mstation/txn/business.hpp"

namespace mstation::web {
namespace {

using nlohmann::json;

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// "/api/transactions/42/resolve" with prefix "/api/transactions/" → {"42", "resolve"}.
std::vector<std::string> rest_of(const std::string& path, const std::string& prefix) {
  std::vector<std::string> parts;
  std::string rest = path.substr(prefix.size());
  std::size_t start = 0;
  while (start <= rest.size()) {
    const auto slash = rest.find('/', start);
    parts.push_back(rest.substr(start, slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return parts;
}

json post_body(const ApiRequest& r) {
  const auto body = json::parse(r.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) throw BadRequest("the body must be a JSON object");
  return body;
}

json get_route(pqxx::connection& connection, const config::Config& config, const Viewer& viewer,
               const ApiRequest& r) {
  const auto& p = r.path;
  if (p == "/api/me") {
    return {{"login", viewer.login},
            {"role", viewer.role},
            {"station", viewer.station ? json(*viewer.station) : json(nullptr)},
            {"csrf_token", viewer.csrf_token},
            {"idle_timeout_s", config.web_listener ? config.web_listener->idle_timeout_s : 0}};
  }
  if (starts_with(p, "/api/transactions/")) {
    const auto parts = rest_of(p, "/api/transactions/");
    if (parts.size() == 1) return transaction_json(connection, viewer, id_in_path(parts[0]));
    throw NotFound("no such API route: " + p);
  }
  pqxx::read_transaction tx(connection);
  if (p == "/api/overview") return overview_json(tx, viewer, r.query);
  if (p == "/api/transactions") return transactions_json(tx, viewer, r.query);
  if (p == "/api/terminals") return terminals_json(tx, viewer);
  if (p == "/api/operators") return operators_json(tx, viewer);
  viewer.require_station_wide();
  if (p == "/api/recon/runs") return recon_runs_json(tx);
  if (starts_with(p, "/api/recon/runs/")) return recon_run_json(tx, id_in_path(p.substr(16)));
  if (p == "/api/saf") return saf_json(tx, r.query);
  if (p == "/api/alerts") return alerts_json(tx, r.query);
  if (p == "/api/chain") return chain_json(tx, config);
  throw NotFound("no such API route: " + p);
}

json post_route(pqxx::connection& connection, const Viewer& viewer, const ApiRequest& r) {
  if (starts_with(r.path, "/api/alerts/")) {
    const auto parts = rest_of(r.path, "/api/alerts/");
    if (parts.size() == 2 && parts[1] == "ack") return ack_json(connection, viewer, id_in_path(parts[0]), post_body(r));
  }
  if (starts_with(r.path, "/api/transactions/")) {
    const auto parts = rest_of(r.path, "/api/transactions/");
    if (parts.size() == 2 && parts[1] == "resolve") {
      return resolve_json(connection, viewer, id_in_path(parts[0]), post_body(r));
    }
  }
  throw NotFound("no such API route: POST " + r.path);
}

}  // namespace

std::int64_t id_in_path(const std::string& text) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) throw NotFound("no such item: " + text);
  return id;
}

std::string txn_name(const std::string& txn) {
  static const std::map<std::string, std::string> names = {
      {"0102", "READING_UPLOAD"}, {"0202", "PAYMENT"},        {"0203", "REVERSAL"},
      {"0204", "PREPAYMENT"},     {"0302", "DUNNING_NOTICE"}, {"0401", "CARD_PURCHASE"}};
  const auto it = names.find(txn);
  return it == names.end() ? txn : it->second;
}

std::optional<std::string> iso_date_param(const Params& query, const char* key) {
  const auto it = query.find(key);
  if (it == query.end() || it->second.empty()) return std::nullopt;
  if (it->second.size() != 10 || !txn::parse_iso_date(it->second)) {
    throw BadRequest(std::string(key) + " must be a date, YYYY-MM-DD");
  }
  return it->second;
}

std::string body_text(const nlohmann::json& body, const char* field) {
  const auto it = body.find(field);
  if (it == body.end() || !it->is_string() || it->get<std::string>().empty()) {
    throw BadRequest(std::string("'") + field + "' is required (a non-empty string)");
  }
  if (it->get<std::string>().size() > max_body_text) {
    throw BadRequest(fmt::format("'{}' is longer than {} bytes", field, max_body_text));
  }
  return it->get<std::string>();
}

audit::Actor console_actor(const Viewer& viewer, const std::string& reason) {
  return {"console:" + viewer.login, viewer.login, reason};
}

Response handle_api(pqxx::connection& connection, const config::Config& config, const Viewer& viewer,
                    const ApiRequest& request) {
  if (request.method == http::verb::get && request.path == "/api/transactions.csv") {
    pqxx::read_transaction tx(connection);
    auto r = text_response(http::status::ok, "text/csv; charset=utf-8", transactions_csv(tx, viewer, request.query));
    r.set(http::field::content_disposition, "attachment; filename=\"transactions.csv\"");
    return r;
  }
  if (request.method == http::verb::get) return json_response(http::status::ok, get_route(connection, config, viewer, request));
  if (request.method == http::verb::post) return json_response(http::status::ok, post_route(connection, viewer, request));
  throw ApiError(http::status::method_not_allowed, "bad_request", "GET or POST only");
}

}  // namespace mstation::web
