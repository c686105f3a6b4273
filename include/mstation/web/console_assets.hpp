#pragma once
// The console's static files (src/web/assets/), built into the binary by
// cmake/EmbedAssets.cmake: no CDN, nothing read from disk at run time.
#include <map>
#include <optional>
#include <string_view>

namespace mstation::web {

// File name → content.
const std::map<std::string_view, std::string_view>& console_assets();

struct Asset {
  std::string_view content_type;
  std::string_view body;
};

// By file name ("app.js"); nullopt if there is none.
std::optional<Asset> find_asset(std::string_view name);

}  // namespace mstation::web
