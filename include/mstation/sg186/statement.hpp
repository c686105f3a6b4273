#pragma once
// The daily statement exchange (sg186-interface.md §3): 050 对账汇总 summary
// and 051 对账文件下载 one chunk of the file; 090 签到 sign-in also lives
// here, being the other "whole day" exchange. 099 心跳 has no body.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "mstation/sg186/codes.hpp"

namespace mstation::sg186 {

constexpr std::uint32_t max_chunk_length = 65536;

struct StatementSummaryRequest {
  std::uint32_t check_date = 0;  // N(8)
};
std::string encode_body(const StatementSummaryRequest& r);
std::variant<StatementSummaryRequest, std::string> decode_statement_summary_request(std::string_view body);

struct StatementSummaryResponse {
  std::uint32_t check_date = 0;        // N(8)
  std::uint64_t total_count = 0;       // N(8)
  std::uint64_t total_amount_fen = 0;  // N(14)
  std::string file_name;               // C(60)
  std::uint64_t file_size = 0;         // N(10)
};
std::string encode_body(const StatementSummaryResponse& r);
std::variant<StatementSummaryResponse, std::string> decode_statement_summary_response(std::string_view body);

struct StatementChunkRequest {
  std::string file_name;      // C(60)
  std::uint64_t offset = 0;   // N(10)
  std::uint32_t length = 0;   // N(6), at most max_chunk_length
};
std::string encode_body(const StatementChunkRequest& r);
// Refuses a LENGTH above max_chunk_length.
std::variant<StatementChunkRequest, std::string> decode_statement_chunk_request(std::string_view body);

struct StatementChunkResponse {
  std::uint64_t offset = 0;  // N(10)
  bool eof = false;          // C(1) "1"
  std::string data;          // LENGTH N(6), then LENGTH raw bytes
};
std::string encode_body(const StatementChunkResponse& r);
std::variant<StatementChunkResponse, std::string> decode_statement_chunk_response(std::string_view body);

struct SignInResponse {
  std::uint32_t work_date = 0;  // N(8) SG186's accounting date
};
std::string encode_body(const SignInResponse& r);
std::variant<SignInResponse, std::string> decode_sign_in_response(std::string_view body);

}  // namespace mstation::sg186
