#pragma once
// The daemon with sg186-sim, a signed-on terminal and the simulator's
// customers, for the business transactions' end-to-end tests.
#include <algorithm>
#include <functional>
#include <string>

#include "mstation/sim/dataset.hpp"
#include "mstation/txn/codes.hpp"
#include "sg186_server_fixture.hpp"
#include "support/eventually.hpp"
#include "support/paths.hpp"

namespace mstation::test {

class BusinessTest : public ServerWithSg186Test {
 protected:
  void SetUp() override {
    ServerWithSg186Test::SetUp();
    add_operator("0042", "123456");
    overrides = {{"saf", {{"max_backoff_s", 1}}},
                 {"tariffs_file", source_dir() + "/config/tariffs.json"}};
  }
  hhu::TerminalClient signed_on(const std::string& tid = "51010001", const std::string& ip = "127.0.0.2") {
    auto terminal = enroll(tid, ip);
    EXPECT_EQ(over_socket(terminal, txn::txns::sign_on, {{"operator_id", "0042"}, {"password", "123456"}}, ip).code(),
              "00");
    return terminal;
  }
  const sim::Customer& customer(const std::function<bool(const sim::Customer&)>& wanted) {
    const auto it = std::find_if(data.customers.begin(), data.customers.end(), wanted);
    EXPECT_NE(it, data.customers.end()) << "no such customer in the dataset";
    return *it;
  }
  // What the simulator's ledger says the customer was charged, net of reversals.
  std::int64_t net_charged(const std::string& cons_no) {
    std::int64_t net = 0;
    const auto report = sim->ledger({"--customer", cons_no});
    for (const auto& m : report["money"]) {
      if (m["txn_code"] != "012" && !m["reversed"].get<bool>()) net += m["amount_fen"].get<std::int64_t>();
    }
    return net;
  }
  int charges(const std::string& cons_no) {
    return static_cast<int>(sim->ledger({"--customer", cons_no})["money"].size());
  }
  std::string text(const std::string& sql) {
    pqxx::read_transaction tx(db);
    return tx.exec1(sql)[0].as<std::string>();
  }
  std::string state_of(std::int64_t txn_id) {
    return text("SELECT state FROM mstation.business_txn WHERE txn_id = " + std::to_string(txn_id));
  }
  bool reaches(std::int64_t txn_id, const std::string& state) {
    return eventually([&] { return state_of(txn_id) == state; }, std::chrono::seconds(30));
  }

  sim::Dataset data = sim::generate_dataset({200, 3, business_date_number(Clock::now())});
};

inline bool owes(const sim::Customer& c) { return c.owe_fen() > 0 && !c.card_meter; }
inline bool owes_nothing(const sim::Customer& c) { return c.owe_fen() == 0 && !c.card_meter; }

}  // namespace mstation::test
