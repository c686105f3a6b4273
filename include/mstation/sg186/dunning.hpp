#pragma once
// Dunning (sg186-interface.md §3): 030 催费任务下载 tasks (requested with a
// SectionPageRequest, reading.hpp) and 032 催费通知送达登记 notice served.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "mstation/sg186/codes.hpp"

namespace mstation::sg186 {

struct DunningTask {
  std::string cons_no;             // C(16)
  std::string cons_name;           // C(60)
  std::string address;             // C(120)
  std::uint64_t owe_total_fen = 0;  // N(12)
  std::uint32_t overdue_days = 0;  // N(4)
};

struct DunningTasksResponse {
  std::uint32_t total = 0;  // N(6)
  std::uint32_t pages = 0;  // N(4)
  std::vector<DunningTask> tasks;  // × RECORD_NUM
};
std::string encode_body(const DunningTasksResponse& r);
std::variant<DunningTasksResponse, std::string> decode_dunning_tasks_response(std::string_view body,
                                                                              unsigned record_num);

struct NoticeServedRequest {
  std::string cons_no;             // C(16)
  std::string notice_no;           // C(20)
  std::uint32_t served_date = 0;   // N(8)
};
std::string encode_body(const NoticeServedRequest& r);
std::variant<NoticeServedRequest, std::string> decode_notice_served_request(std::string_view body);

struct NoticeServedResponse {
  std::string notice_no;  // C(20)
};
std::string encode_body(const NoticeServedResponse& r);
std::variant<NoticeServedResponse, std::string> decode_notice_served_response(std::string_view body);

}  // namespace mstation::sg186
