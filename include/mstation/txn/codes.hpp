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
inline constexpr Code format_error{"30", "报文格式错误"};
inline constexpr Code bad_credentials{"55", "操作员号或密码错误"};
inline constexpr Code operator_locked{"56", "密码错误次数过多，操作员已锁定15分钟"};
inline constexpr Code internal_error{"96", "主站内部错误，交易未处理"};
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
}  // namespace txns

}  // namespace mstation::txn
