#pragma once
// The paged downloads (READING_TASKS, DUNNING_TASKS): `segment_no`, optional
// `page` (from 1, default 1) and `page_size` (1..200, default 50). An answer
// must fit one frame (LEN ≤ 65535), so the page size is lowered to what
// surely fits and the answer says so in `page_size` (hhu-protocol.md §5).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace mstation::txn {

struct PageRequest {
  std::string segment_no;
  std::uint32_t page = 1;
  std::uint32_t page_size = 50;  // as used: lowered to the frame's capacity
};

constexpr std::uint32_t max_page_size = 200;
constexpr std::uint32_t default_page_size = 50;

// nullopt → code 30.
std::optional<PageRequest> page_request(const nlohmann::json& request, std::uint32_t records_per_frame);

// {"page", "page_size", "pages", "total"} of an answer.
void put_paging(nlohmann::json& body, const PageRequest& page, std::uint32_t pages, std::uint32_t total);

}  // namespace mstation::txn
