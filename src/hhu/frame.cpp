#include "mstation/hhu/frame.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace mstation::hhu {
namespace {

// Field offsets of §2, from the first byte of the frame.
constexpr std::size_t off_magic = 2, off_ver = 4, off_flags = 5, off_suite = 6, off_tid = 7, off_seq = 15,
                      off_time = 19, off_txn = 26, off_kver = 28, off_iv = 29;

std::uint8_t to_bcd(int value) { return static_cast<std::uint8_t>((value / 10) << 4 | (value % 10)); }

int from_bcd(std::uint8_t b) {
  const int hi = b >> 4, lo = b & 0x0F;
  return (hi > 9 || lo > 9) ? -1 : hi * 10 + lo;
}

void put_u16(Bytes& out, std::size_t at, std::size_t value) {
  out[at] = static_cast<std::uint8_t>(value >> 8);
  out[at + 1] = static_cast<std::uint8_t>(value);
}

Bytes header_bytes(const Header& h, std::size_t payload_size) {
  Bytes out(header_size, 0);
  put_u16(out, 0, header_size - len_field_size + payload_size + mac_size);
  out[off_magic] = 'H';
  out[off_magic + 1] = 'H';
  out[off_ver] = h.version;
  out[off_flags] = h.flags;
  out[off_suite] = h.suite;
  for (std::size_t i = 0; i < 8; ++i) out[off_tid + i] = i < h.tid.size() ? static_cast<std::uint8_t>(h.tid[i]) : '0';
  for (std::size_t i = 0; i < 4; ++i) out[off_seq + i] = static_cast<std::uint8_t>(h.seq >> (24 - 8 * i));
  std::copy(h.time.begin(), h.time.end(), out.begin() + off_time);
  put_u16(out, off_txn, h.txn);
  out[off_kver] = h.kver;
  std::copy(h.iv.begin(), h.iv.end(), out.begin() + off_iv);
  return out;
}

}  // namespace

std::string txn_code(std::uint16_t txn) { return fmt::format("{:04X}", txn); }

BcdTime to_bcd_time(TimePoint t) {
  const auto c = to_china_time(t);
  return {to_bcd(c.year / 100), to_bcd(c.year % 100), to_bcd(c.month), to_bcd(c.day),
          to_bcd(c.hour),       to_bcd(c.minute),     to_bcd(c.second)};
}

std::optional<TimePoint> from_bcd_time(const BcdTime& bcd) {
  int digits[7];
  for (std::size_t i = 0; i < bcd.size(); ++i) {
    digits[i] = from_bcd(bcd[i]);
    if (digits[i] < 0) return std::nullopt;
  }
  return from_china_time({digits[0] * 100 + digits[1], digits[2], digits[3], digits[4], digits[5], digits[6]});
}

std::string peek_tid(std::span<const std::uint8_t> raw) {
  if (raw.size() < off_tid + 8) return {};
  return std::string(raw.begin() + off_tid, raw.begin() + off_tid + 8);
}

std::variant<Frame, std::string> parse_frame(std::span<const std::uint8_t> raw) {
  if (raw.size() < len_field_size) return std::string("shorter than LEN");
  const std::size_t len = static_cast<std::size_t>(raw[0]) << 8 | raw[1];
  if (len < min_len) return "LEN " + std::to_string(len) + " below " + std::to_string(min_len);
  if (raw.size() != len + len_field_size) {
    return "LEN " + std::to_string(len) + " but " + std::to_string(raw.size() - len_field_size) + " bytes follow";
  }
  if (raw[off_magic] != 'H' || raw[off_magic + 1] != 'H') return std::string("MAGIC is not HH");
  Frame f;
  Header& h = f.header;
  h.version = raw[off_ver];
  h.flags = raw[off_flags];
  h.suite = raw[off_suite];
  h.tid.assign(raw.begin() + off_tid, raw.begin() + off_tid + 8);
  for (std::size_t i = 0; i < 4; ++i) h.seq = h.seq << 8 | raw[off_seq + i];
  std::copy_n(raw.begin() + off_time, h.time.size(), h.time.begin());
  h.txn = static_cast<std::uint16_t>(raw[off_txn] << 8 | raw[off_txn + 1]);
  h.kver = raw[off_kver];
  std::copy_n(raw.begin() + off_iv, h.iv.size(), h.iv.begin());
  f.payload.assign(raw.begin() + header_size, raw.end() - mac_size);
  std::copy(raw.end() - mac_size, raw.end(), f.mac.begin());
  f.raw.assign(raw.begin(), raw.end());
  return f;
}

Bytes build_plain_frame(const Header& header, std::string_view json) {
  if (json.size() > max_payload) throw std::length_error("payload does not fit one frame");
  Bytes out = header_bytes(header, json.size());
  out.insert(out.end(), json.begin(), json.end());
  out.insert(out.end(), mac_size, 0);
  return out;
}

Bytes build_secured_frame(Header header, Suite suite, std::span<const std::uint8_t> encryption_key,
                          std::span<const std::uint8_t> mac_key, std::string_view json) {
  header.flags |= flag_secured;
  header.suite = static_cast<std::uint8_t>(suite);
  const auto plaintext = std::span(reinterpret_cast<const std::uint8_t*>(json.data()), json.size());
  const Bytes ciphertext = encrypt_payload(suite, encryption_key, header.iv, plaintext);
  if (ciphertext.size() > max_payload) throw std::length_error("payload does not fit one frame");
  Bytes out = header_bytes(header, ciphertext.size());
  out.insert(out.end(), ciphertext.begin(), ciphertext.end());
  const Mac mac = compute_mac(suite, mac_key, out);
  out.insert(out.end(), mac.begin(), mac.end());
  return out;
}

Opened open_secured_frame(const Frame& frame, Suite suite, std::span<const std::uint8_t> encryption_key,
                          std::span<const std::uint8_t> mac_key) {
  if (!verify_mac(suite, mac_key, frame.mac_input(), frame.mac)) return {Opened::Status::bad_mac, {}};
  auto clear = decrypt_payload(suite, encryption_key, frame.header.iv, frame.payload);
  if (!clear) return {Opened::Status::bad_ciphertext, {}};
  Opened opened{Opened::Status::ok, std::string(clear->begin(), clear->end())};
  cleanse(clear->data(), clear->size());
  return opened;
}

}  // namespace mstation::hhu
