#pragma once
// The simulated marketing system's books and the semantics of every SG186
// transaction (sg186-interface.md §3): idempotent serials, oldest-first
// settlement with penalties first, same-day reversal rules, purchase counts,
// the daily statement. Pure: no sockets, no files; the server makes each
// state change durable (ledger_file.hpp) before it answers.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "mstation/sg186/header.hpp"
#include "mstation/sg186/statement_file.hpp"
#include "mstation/sim/dataset.hpp"
#include "mstation/sim/statement_tweaks.hpp"

namespace mstation::sim {

struct Answer {
  std::string rsp_code = "1001";
  std::string rsp_msg;
  unsigned record_num = 0;
  std::string body;  // GBK; empty unless rsp_code is 1001
};

// Where one payment's money went, so a reversal can put it back.
struct Allocation {
  std::size_t bill = 0;
  std::int64_t principal_fen = 0;
  std::int64_t penalty_fen = 0;
};

// A money transaction (011, 012, 013, 040) as the statement lists it.
struct MoneyEntry {
  std::string serial;
  std::string agency;
  std::string charge_id;
  std::string cons_no;
  unsigned txn_code = 0;
  std::int64_t amount_fen = 0;
  YyyyMmDd work_date = 0;      // the request's WORK_DATE: the station's business date
  std::uint32_t txn_time = 0;  // hhmmss, the simulator's clock
  std::string orig_serial;     // 012 only
  bool reversed = false;
  std::vector<Allocation> allocations;  // 011
  std::int64_t prepaid_added_fen = 0;   // 011 excess, 013
  std::uint32_t buy_count_before = 0;   // 040
  std::optional<bool> card_written;     // 040, once 041 said
};

struct Executed {
  std::string fingerprint;  // TXN_CODE + RECORD_NUM + body
  Answer answer;
  YyyyMmDd work_date = 0;
};

class Book {
 public:
  explicit Book(Dataset data) : data_(std::move(data)) {}

  // Executes one request as of `work_date`/`txn_time` (YYYYMMDDhhmmss).
  Answer execute(const sg186::Message& request, YyyyMmDd work_date, std::uint64_t txn_time);
  // Transactions whose SERIAL is remembered and that must be durable before
  // the answer leaves (everything but the queries).
  static bool records_serial(unsigned txn_code);

  // The books' own statement of a day (the truth, whatever the tweaks say).
  sg186::StatementFile statement(const std::string& agency, YyyyMmDd date) const;
  std::string statement_text(const std::string& agency, YyyyMmDd date) const;
  // What 050/051 serve: an imported file as it is, else the books' statement
  // with the tweaks applied. Kept until the books or the tweaks change, so a
  // large file is not rebuilt for every chunk.
  const std::string& served_statement(const std::string& agency, YyyyMmDd date) const;
  void set_statement_tweaks(StatementTweaks tweaks);
  // A statement file to serve instead of the books' own (benchmarks, training).
  void import_statement(const std::string& agency, YyyyMmDd date, std::string text);

  const Dataset& data() const { return data_; }
  const std::vector<MoneyEntry>& money() const { return money_; }
  const Executed* executed(const std::string& agency, const std::string& serial) const;
  const Executed* executed_by_any_agency(const std::string& serial) const;  // for the ledger report
  const std::vector<std::string>& anomalies() const { return anomalies_; }

 private:
  Answer dispatch(const sg186::Message& request);
  Answer arrears_query(const sg186::Message& m);
  Answer payment(const sg186::Message& m);
  Answer reversal(const sg186::Message& m);
  Answer prepayment(const sg186::Message& m);
  Answer outage_check(const sg186::Message& m);
  Answer reading_tasks(const sg186::Message& m);
  Answer reading_upload(const sg186::Message& m);
  Answer anomaly(const sg186::Message& m);
  Answer dunning_tasks(const sg186::Message& m);
  Answer notice_served(const sg186::Message& m);
  Answer card_purchase(const sg186::Message& m);
  Answer card_confirm(const sg186::Message& m);
  Answer statement_summary(const sg186::Message& m);
  Answer statement_chunk(const sg186::Message& m);

  MoneyEntry& add_money(const sg186::Message& m, const std::string& cons_no, std::int64_t amount_fen);
  MoneyEntry* find_money(const std::string& agency, const std::string& serial);
  std::string next_charge_id();

  Dataset data_;
  std::vector<MoneyEntry> money_;
  std::map<std::string, std::size_t> money_by_serial_;
  std::map<std::string, Executed> executed_;
  std::vector<std::string> anomalies_;
  std::uint64_t charges_ = 0;
  std::uint64_t money_version_ = 0;  // bumped by every change a statement shows
  StatementTweaks tweaks_;
  std::map<std::pair<std::string, YyyyMmDd>, std::string> imported_;
  struct ServedStatement {
    std::string agency;
    YyyyMmDd date = 0;
    std::uint64_t version = 0;
    std::string text;
    bool valid = false;
  };
  mutable ServedStatement served_;
  // The request being executed.
  YyyyMmDd today_ = 0;
  std::uint64_t now_ = 0;
};

// Helpers the transaction files share.
Answer decline(std::string_view code, std::string message = {});

template <typename Body>
Answer success(const Body& body, unsigned record_num = 0) {
  Answer a;
  a.rsp_msg = "交易成功";
  a.record_num = record_num;
  a.body = encode_body(body);  // found in mstation::sg186 by argument-dependent lookup
  return a;
}

template <typename T>
bool is_bad(const std::variant<T, std::string>& decoded) {
  return std::holds_alternative<std::string>(decoded);
}
template <typename T>
Answer bad_packet(const std::variant<T, std::string>& decoded) {
  return decline("1006", "数据包格式不对: " + std::get<std::string>(decoded));
}

}  // namespace mstation::sim
