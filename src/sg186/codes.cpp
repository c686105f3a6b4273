#include "mstation/sg186/codes.hpp"

#include <fmt/format.h>

#include <array>
#include <string>
#include <utility>

namespace mstation::sg186 {

std::string_view rsp_text(std::string_view code) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 17> texts{{
      {"1001", "正确返回，操作成功"},
      {"1002", "操作失败"},
      {"1003", "查询无记录"},
      {"1004", "该用户编号不存在"},
      {"1005", "无效冲正：流水号与用户编号或金额不匹配"},
      {"1006", "数据包格式不对"},
      {"1015", "不能隔日冲正"},
      {"1016", "原交易不存在"},
      {"1017", "原交易已冲正"},
      {"1035", "不允许部分销账"},
      {"1037", "该用户存在欠费，不允许预收"},
      {"1039", "该户为电卡表用户，不允许代收"},
      {"1042", "本月尚未算费或电费为零"},
      {"1043", "电费正在计算中"},
      {"1044", "电费已缴清"},
      {"1050", "流水号重复"},
      {"1051", "购电次数不符"},
  }};
  for (const auto& [c, text] : texts) {
    if (c == code) return text;
  }
  return {};
}

std::string txn_name(unsigned txn_code) { return fmt::format("{:03}", txn_code); }

std::string metric_rsp_label(std::string_view code) {
  return rsp_text(code).empty() ? std::string("other") : std::string(code);
}

}  // namespace mstation::sg186
