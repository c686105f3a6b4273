#pragma once
// The requests of hhu-protocol.md §5, one builder per transaction, with the
// spec's field names. The run steps and the scripted day both build here.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace mstation::hhu_sim {

// Transaction codes (TXN), hhu-protocol.md §5 — copied from the spec on
// purpose rather than taken from txn/codes.hpp: the terminal side is written
// from the spec alone, so it checks the station instead of sharing its mistakes.
namespace txn {
inline constexpr std::uint16_t sign_on = 0x0001;
inline constexpr std::uint16_t sign_off = 0x0002;
inline constexpr std::uint16_t echo = 0x0003;
inline constexpr std::uint16_t reading_tasks = 0x0101;
inline constexpr std::uint16_t reading_upload = 0x0102;
inline constexpr std::uint16_t reading_anomaly = 0x0103;
inline constexpr std::uint16_t bill_estimate = 0x0104;
inline constexpr std::uint16_t arrears_query = 0x0201;
inline constexpr std::uint16_t payment = 0x0202;
inline constexpr std::uint16_t reversal = 0x0203;
inline constexpr std::uint16_t prepayment = 0x0204;
inline constexpr std::uint16_t receipt_reprint = 0x0205;
inline constexpr std::uint16_t collection_stats = 0x0206;
inline constexpr std::uint16_t day_settlement = 0x0207;
inline constexpr std::uint16_t dunning_tasks = 0x0301;
inline constexpr std::uint16_t dunning_notice = 0x0302;
inline constexpr std::uint16_t outage_check = 0x0303;
inline constexpr std::uint16_t card_purchase = 0x0401;
inline constexpr std::uint16_t card_write_confirm = 0x0402;
}  // namespace txn

// One transaction to send: what the summary line calls it, its TXN, its payload.
struct Step {
  std::string name;
  std::uint16_t txn = 0;
  nlohmann::json body = nlohmann::json::object();
};

// An optional page request of the paged downloads (0101, 0301).
struct Page {
  std::optional<std::int64_t> page;
  std::optional<std::int64_t> page_size;
};

// One meter reading of a READING_UPLOAD.
struct Reading {
  std::string customer_no;
  std::string meter_no;
  std::int64_t reading = 0;  // 0.01 kWh
  std::optional<std::int64_t> status;
  std::optional<std::string> anomaly_code;
};

Step sign_on(const std::string& operator_id, const std::string& password);
Step sign_off();
Step echo();
Step reading_tasks(const std::string& segment_no, const Page& page);
// read_at is now (UTC+8).
Step reading_upload(const std::string& segment_no, const std::vector<Reading>& readings);
Step reading_anomaly(const std::string& customer_no, const std::string& meter_no, const std::string& anomaly_code,
                     const std::optional<std::string>& note);
Step bill_estimate(const std::string& customer_no, std::int64_t reading, std::optional<std::int64_t> status);
Step arrears_query(const std::string& customer_no);
Step payment(const std::string& customer_no, std::int64_t amount_fen);
Step reversal(std::int64_t orig_seq, const std::string& customer_no, std::int64_t amount_fen);
Step prepayment(const std::string& customer_no, std::int64_t amount_fen);
Step receipt_reprint(std::int64_t txn_id);
Step collection_stats(const std::optional<std::string>& date);
// The body (date, net count and amount, items) comes from the money log.
Step day_settlement(nlohmann::json body);
Step dunning_tasks(const std::string& segment_no, const Page& page);
Step dunning_notice(const std::string& customer_no);
Step outage_check(const std::string& customer_no);
Step card_purchase(const std::string& customer_no, const std::string& meter_no, std::int64_t amount_fen,
                   const std::string& card_serial, std::int64_t purchase_count);
Step card_write_confirm(std::int64_t txn_id, bool written);

}  // namespace mstation::hhu_sim
