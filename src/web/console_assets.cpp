#include "mstation/web/console_assets.hpp"

namespace mstation::web {
namespace {

std::string_view content_type_of(std::string_view name) {
  auto ends_with = [&](std::string_view suffix) {
    return name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
  };
  if (ends_with(".html")) return "text/html; charset=utf-8";
  if (ends_with(".js")) return "text/javascript; charset=utf-8";
  if (ends_with(".css")) return "text/css; charset=utf-8";
  if (ends_with(".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

}  // namespace

std::optional<Asset> find_asset(std::string_view name) {
  const auto& assets = console_assets();
  const auto it = assets.find(name);
  if (it == assets.end()) return std::nullopt;
  return Asset{content_type_of(name), it->second};
}

}  // namespace mstation::web
