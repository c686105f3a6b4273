#pragma once
// Transaction and response codes of the SG186 interface (sg186-interface.md §3, §4).
#include <string>
#include <string_view>

namespace mstation::sg186 {

constexpr unsigned txn_arrears_query = 10;    // 欠费查询
constexpr unsigned txn_payment = 11;          // 缴费
constexpr unsigned txn_reversal = 12;         // 当日冲正
constexpr unsigned txn_prepayment = 13;       // 预收
constexpr unsigned txn_outage_check = 14;     // 停电核查
constexpr unsigned txn_reading_tasks = 20;    // 抄表段下载
constexpr unsigned txn_reading_upload = 21;   // 抄表数据上装
constexpr unsigned txn_anomaly = 22;          // 抄表异常登记
constexpr unsigned txn_dunning_tasks = 30;    // 催费任务下载
constexpr unsigned txn_notice_served = 32;    // 催费通知送达登记
constexpr unsigned txn_card_purchase = 40;    // 购电
constexpr unsigned txn_card_confirm = 41;     // 写卡确认
constexpr unsigned txn_statement_summary = 50;  // 对账汇总
constexpr unsigned txn_statement_chunk = 51;  // 对账文件下载
constexpr unsigned txn_sign_in = 90;          // 签到
constexpr unsigned txn_heartbeat = 99;        // 心跳

namespace rsp {
constexpr std::string_view success = "1001";
constexpr std::string_view failure = "1002";
constexpr std::string_view no_records = "1003";
constexpr std::string_view customer_not_found = "1004";
constexpr std::string_view reversal_mismatch = "1005";
constexpr std::string_view bad_packet = "1006";
constexpr std::string_view reversal_other_day = "1015";
constexpr std::string_view original_not_found = "1016";
constexpr std::string_view already_reversed = "1017";
constexpr std::string_view partial_not_allowed = "1035";
constexpr std::string_view arrears_block_prepayment = "1037";
constexpr std::string_view card_meter_customer = "1039";
constexpr std::string_view not_billed = "1042";
constexpr std::string_view billing_in_progress = "1043";
constexpr std::string_view nothing_owed = "1044";
constexpr std::string_view serial_reused = "1050";
constexpr std::string_view purchase_count_mismatch = "1051";
}  // namespace rsp

// The spec's Chinese text for a response code ("" for an unknown code).
std::string_view rsp_text(std::string_view code);
// An RSP_CODE as a metric label: the code when the spec lists it, else
// "other" (what SG186 sends is not a closed set until we close it).
std::string metric_rsp_label(std::string_view code);
// The 3-digit form used in logs and the journal: 11 -> "011".
std::string txn_name(unsigned txn_code);

}  // namespace mstation::sg186
