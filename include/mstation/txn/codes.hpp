#pragma once
// Response codes of hhu-protocol.md §4 and §6, with the message the handheld shows.
#include <cstdint>
#include <string>

namespace mstation::txn {

struct Code {
  const char* code;
  const char* message;
};

namespace codes {
// Business codes (secured responses).
inline constexpr Code success{"00", "交易成功"};
inline constexpr Code not_permitted{"12", "交易不支持"};
inline constexpr Code invalid_amount{"13", "金额无效"};
inline constexpr Code customer_not_found{"14", "户号不存在"};
inline constexpr Code original_not_found{"25", "原交易不存在"};
inline constexpr Code format_error{"30", "报文格式错误"};
inline constexpr Code declined_upstream{"51", "营销系统拒绝交易"};
inline constexpr Code bad_credentials{"55", "操作员号或密码错误"};
inline constexpr Code operator_locked{"56", "密码错误次数过多，操作员已锁定15分钟"};
inline constexpr Code limit_exceeded{"61", "超出金额限制"};
inline constexpr Code original_mismatch{"64", "金额或户号与原交易不符"};
inline constexpr Code reversal_closed{"77", "已过冲正时限（仅限当日）"};
inline constexpr Code upstream_unavailable{"91", "营销系统不可用，交易未处理"};
inline constexpr Code internal_error{"96", "主站内部错误，交易未处理"};
inline constexpr Code upstream_in_doubt{"98", "营销系统应答超时，结果未知，主站将自动冲正"};
inline constexpr Code already_reversed{"A4", "原交易已冲正"};
// Protocol codes (plain responses).
inline constexpr Code bad_mac{"A0", "MAC校验失败"};
inline constexpr Code bad_key_version{"A1", "密钥版本无效或已过期，请重新签到"};
inline constexpr Code replay{"A2", "流水号重复或终端时间不准"};
inline constexpr Code bad_terminal{"A3", "终端未登记、已停用或地址不符"};
inline constexpr Code unsupported{"A6", "协议版本、标志或算法不支持"};
}  // namespace codes

// Transaction codes (TXN) handled so far.
namespace txns {
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
}  // namespace txns

// A terminal's TXN as a metric label: the code when it is one of the above,
// else "other" — the header's 16 bits come from anyone who can connect, and
// each distinct label would be a time series kept for ever.
std::string metric_txn_label(const std::string& txn_code);

}  // namespace mstation::txn
