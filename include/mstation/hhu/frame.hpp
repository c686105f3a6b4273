#pragma once
// HHU/1 frames (hhu-protocol.md §2): layout, parsing and building. Nothing
// here touches a socket or a key store.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>

#include "mstation/common/china_time.hpp"
#include "mstation/common/hex.hpp"
#include "mstation/hhu/crypto.hpp"

namespace mstation::hhu {

constexpr std::size_t len_field_size = 2;
constexpr std::size_t header_size = 45;  // from the first byte of the frame, LEN included
constexpr std::size_t mac_size = 8;
constexpr std::size_t min_len = 53;      // LEN of the smallest frame allowed
constexpr std::size_t max_len = 65535;   // LEN is 16 bits
constexpr std::size_t max_payload = max_len - (header_size - len_field_size) - mac_size;

constexpr std::uint8_t protocol_version = 0x01;
constexpr std::uint8_t flag_response = 0x01;
constexpr std::uint8_t flag_secured = 0x02;

using BcdTime = std::array<std::uint8_t, 7>;  // YYYYMMDDhhmmss, UTC+8

struct Header {
  std::uint8_t version = protocol_version;
  std::uint8_t flags = 0;
  std::uint8_t suite = 0;  // raw byte: the processor decides what an unknown one means
  std::string tid;         // 8 bytes as received
  std::uint32_t seq = 0;
  BcdTime time{};
  std::uint16_t txn = 0;  // written as 4 hex digits, e.g. 0x0202 = "0202"
  std::uint8_t kver = 0;
  Iv iv{};
};

struct Frame {
  Header header;
  Bytes payload;  // ciphertext (secured) or JSON text (plain)
  Mac mac{};
  Bytes raw;      // the whole frame exactly as received, LEN included

  // The bytes the MAC covers: [0, 45 + P).
  std::span<const std::uint8_t> mac_input() const { return std::span(raw).first(raw.size() - mac_size); }
};

std::string txn_code(std::uint16_t txn);  // 0x0202 → "0202"

BcdTime to_bcd_time(TimePoint t);
std::optional<TimePoint> from_bcd_time(const BcdTime& bcd);

// The TID bytes of a frame's header without judging anything else (empty if
// the frame is too short): which writer lane the request belongs to.
std::string peek_tid(std::span<const std::uint8_t> raw);

// Parses one whole frame (LEN included). Checks LEN against the byte count
// and MAGIC; everything else is the processor's to judge.
std::variant<Frame, std::string> parse_frame(std::span<const std::uint8_t> raw);

// Builds a frame from its parts; LEN and MAC placement are computed here.
Bytes build_plain_frame(const Header& header, std::string_view json);
Bytes build_secured_frame(Header header, Suite suite, std::span<const std::uint8_t> encryption_key,
                          std::span<const std::uint8_t> mac_key, std::string_view json);

// Checks the MAC, then decrypts: the order the spec requires.
struct Opened {
  enum class Status { ok, bad_mac, bad_ciphertext } status = Status::ok;
  std::string plaintext;
};
Opened open_secured_frame(const Frame& frame, Suite suite, std::span<const std::uint8_t> encryption_key,
                          std::span<const std::uint8_t> mac_key);

}  // namespace mstation::hhu
