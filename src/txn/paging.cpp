#include "mstation/txn/paging.hpp"

#include <algorithm>

#include "mstation/txn/upstream.hpp"

namespace mstation::txn {
namespace {

// An optional whole-number field in [1, max]: nullopt when ill-typed or out of range.
std::optional<std::uint32_t> optional_count(const nlohmann::json& request, const char* name, std::uint32_t fallback,
                                            std::uint32_t max) {
  const auto it = request.find(name);
  if (it == request.end()) return fallback;
  if (!it->is_number_integer()) return std::nullopt;
  const auto v = it->get<std::int64_t>();
  if (v < 1 || v > max) return std::nullopt;
  return static_cast<std::uint32_t>(v);
}

}  // namespace

std::optional<PageRequest> page_request(const nlohmann::json& request, std::uint32_t records_per_frame) {
  const auto segment = identifier_field(request, "segment_no", 16);
  const auto page = optional_count(request, "page", 1, 9999);
  const auto size = optional_count(request, "page_size", default_page_size, max_page_size);
  if (!segment || !page || !size) return std::nullopt;
  return PageRequest{*segment, *page, std::min(*size, records_per_frame)};
}

void put_paging(nlohmann::json& body, const PageRequest& page, std::uint32_t pages, std::uint32_t total) {
  body["page"] = page.page;
  body["page_size"] = page.page_size;
  body["pages"] = pages;
  body["total"] = total;
}

}  // namespace mstation::txn
