#pragma once
// Meter reading (sg186-interface.md §3): 020 抄表段下载 reading tasks,
// 021 抄表数据上装 reading upload, 022 抄表异常登记 anomaly.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "mstation/sg186/codes.hpp"

namespace mstation::sg186 {

// The request of 020 and 030: one page of a 抄表段 segment's work.
struct SectionPageRequest {
  std::string sect_no;       // C(16)
  std::uint32_t page = 1;    // N(4), from 1
  std::uint32_t page_size = 50;  // N(4)
};
std::string encode_body(const SectionPageRequest& r);
std::variant<SectionPageRequest, std::string> decode_section_page_request(std::string_view body);

struct ReadingTask {
  std::string cons_no;           // C(16)
  std::string cons_name;         // C(60)
  std::string address;           // C(120)
  std::string meter_no;          // C(24)
  std::uint32_t t_factor = 1;    // N(6) multiplier (倍率)
  std::uint64_t last_read = 0;   // N(12) 0.01 kWh
  std::uint32_t last_date = 0;   // N(8)
  std::uint32_t digits = 0;      // N(2) register digits before the point
  std::string tariff;            // C(8)
};

struct ReadingTasksResponse {
  std::uint32_t total = 0;  // N(6) tasks in the segment
  std::uint32_t pages = 0;  // N(4)
  std::vector<ReadingTask> tasks;  // × RECORD_NUM
};
std::string encode_body(const ReadingTasksResponse& r);
std::variant<ReadingTasksResponse, std::string> decode_reading_tasks_response(std::string_view body,
                                                                              unsigned record_num);

struct Reading {
  std::string cons_no;           // C(16)
  std::string meter_no;          // C(24)
  std::uint64_t this_read = 0;   // N(12) 0.01 kWh
  std::uint32_t read_date = 0;   // N(8)
  std::string status = "0";      // C(1): 0 normal, 1 rollover, 2 reverse
  std::string anomaly;           // C(2)
};

struct ReadingUploadRequest {
  std::string sect_no;            // C(16)
  std::vector<Reading> readings;  // × RECORD_NUM
};
std::string encode_body(const ReadingUploadRequest& r);
std::variant<ReadingUploadRequest, std::string> decode_reading_upload_request(std::string_view body,
                                                                              unsigned record_num);

struct RejectedReading {
  std::string meter_no;  // C(24)
  std::string err_code;  // C(4)
  std::string err_msg;   // C(60)
};

struct ReadingUploadResponse {
  std::uint32_t accepted = 0;              // N(4)
  std::vector<RejectedReading> rejected;   // × RECORD_NUM
};
std::string encode_body(const ReadingUploadResponse& r);
std::variant<ReadingUploadResponse, std::string> decode_reading_upload_response(std::string_view body,
                                                                                unsigned record_num);

struct AnomalyRequest {
  std::string cons_no;   // C(16)
  std::string meter_no;  // C(24)
  std::string anomaly;   // C(2)
  std::string note;      // C(100)
};
std::string encode_body(const AnomalyRequest& r);
std::variant<AnomalyRequest, std::string> decode_anomaly_request(std::string_view body);

struct AnomalyResponse {
  std::string anomaly_id;  // C(20)
};
std::string encode_body(const AnomalyResponse& r);
std::variant<AnomalyResponse, std::string> decode_anomaly_response(std::string_view body);

}  // namespace mstation::sg186
