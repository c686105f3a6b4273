#pragma once
// The 145-byte header of every SG186 message (sg186-interface.md §2) and the
// framing around it: 10 ASCII digits of LEN, then header and body.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace mstation::sg186 {

constexpr std::size_t header_size = 145;
constexpr std::size_t len_digits = 10;
constexpr std::size_t max_frame_len = 1'048'576;

struct Header {
  unsigned txn_code = 0;    // N(3), e.g. 11 for 011
  std::string agency;       // C(12)
  std::string node;         // C(12): terminal id, or MSTATION
  std::string operator_id;  // C(8): 0000 for the station's own requests
  std::string serial;       // C(20): YYYYMMDD + 12 digits
  std::uint32_t work_date = 0;  // N(8) YYYYMMDD
  std::uint64_t txn_time = 0;   // N(14) YYYYMMDDhhmmss
  std::string rsp_code;     // C(4): empty in requests, "1001" = success
  std::string rsp_msg;      // C(60)
  unsigned record_num = 0;  // N(4)
};

// LEN + header + body (body already GBK).
std::string encode_message(const Header& header, std::string_view body);

struct Message {
  Header header;
  std::string body;  // GBK
};
// A whole message, LEN included; or the reason it is not one.
std::variant<Message, std::string> decode_message(std::string_view bytes);

}  // namespace mstation::sg186
