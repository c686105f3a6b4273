// The daemon's SG186 link against sg186-sim and PostgreSQL: serials from the
// database sequence, every message journaled raw and decoded, sign-in with
// its date check, heartbeats in /metrics, and unanswered exchanges journaled
// with the reason.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "mstation/store/sg186_serial.hpp"
#include "support/eventually.hpp"
#include "sg186_server_fixture.hpp"

namespace mstation::test {
namespace {

using namespace std::chrono_literals;

class Sg186LinkTest : public ServerWithSg186Test {
 protected:
  std::int64_t rows(const std::string& where) { return scalar("SELECT count(*) FROM mstation.journal WHERE " + where); }
};

TEST_F(Sg186LinkTest, SignsInAtStartAndSendsHeartbeatsWhileIdle) {
  start_with_sim({});
  ASSERT_TRUE(eventually([&] { return metric("mstation_sg186_heartbeats_total", {{"result", "1001"}}) >= 2; }, 30s))
      << sim->output();
  EXPECT_EQ(metric("mstation_sg186_up"), 1);
  EXPECT_EQ(metric("mstation_sg186_date_mismatch"), 0);
  EXPECT_EQ(metric("mstation_sg186_work_date"), business_date_number(Clock::now()));
  EXPECT_EQ(metric("mstation_sg186_exchanges_total", {{"txn", "090"}, {"result", "1001"}}), 1);
  EXPECT_NE(http_get(admin_port(), "/metrics").find("mstation_sg186_heartbeat_seconds"), std::string::npos);
  ASSERT_TRUE(eventually([&] { return rows("kind = 'sg186_response' AND txn = '099'") >= 2; }, 10s));
  EXPECT_EQ(rows("kind = 'sg186_request_raw' AND txn = '090'"), 1);
  EXPECT_EQ(rows("kind = 'sg186_response' AND txn = '090' AND code = '1001'"), 1);
}

TEST_F(Sg186LinkTest, SerialsComeFromTheDatabaseAndAreNeverReused) {
  start_with_sim({});
  ASSERT_TRUE(eventually([&] { return rows("kind = 'sg186_request'") >= 3; }, 30s));
  stop();
  std::set<std::string> seen;
  {
    pqxx::read_transaction tx(db);
    const std::regex shape("[0-9]{8}[0-9]{12}");
    for (const auto& row :
         tx.exec("SELECT decoded->'header'->>'serial' FROM mstation.journal WHERE kind = 'sg186_request'")) {
      const auto serial = row[0].as<std::string>();
      EXPECT_TRUE(std::regex_match(serial, shape)) << serial;
      EXPECT_TRUE(seen.insert(serial).second) << serial << " used twice";
      EXPECT_EQ(serial.substr(0, 8), std::to_string(business_date_number(Clock::now())));
    }
  }
  pqxx::work more(db);
  const auto next = store::next_sg186_serial(more, 20261128);
  EXPECT_EQ(next.serial, fmt::format("20261128{:012}", next.number));
  EXPECT_GT(next.number, static_cast<std::int64_t>(seen.size()) - 1);
}

TEST_F(Sg186LinkTest, ASignInDateMismatchRaisesAnAlert) {
  start_with_sim({"--work-date", "20200101"});
  ASSERT_TRUE(eventually([&] { return metric("mstation_sg186_date_mismatch") == 1; }, 30s)) << sim->output();
  EXPECT_EQ(metric("mstation_sg186_work_date"), 20200101);
  ASSERT_TRUE(eventually([&] { return scalar("SELECT count(*) FROM mstation.alert WHERE kind = 'sg186_date_mismatch'") == 1; }, 10s));
  pqxx::read_transaction tx(db);
  const auto message = tx.exec1("SELECT message FROM mstation.alert WHERE kind = 'sg186_date_mismatch'")[0].as<std::string>();
  EXPECT_NE(message.find("20200101"), std::string::npos) << message;
}

TEST_F(Sg186LinkTest, AnUnreachableSg186IsJournaledAsNotDeliveredAndReportedDown) {
  start_with_sim({"--fault", "down=1"});
  ASSERT_TRUE(eventually([&] { return rows("kind = 'sg186_unanswered' AND code = 'not_delivered'") >= 1; }, 30s));
  EXPECT_EQ(metric("mstation_sg186_up"), 0);
  EXPECT_GE(metric("mstation_sg186_exchanges_total", {{"txn", "090"}, {"result", "not_delivered"}}), 1);
  pqxx::read_transaction tx(db);
  const auto note = tx.exec1("SELECT note FROM mstation.journal WHERE kind = 'sg186_unanswered' LIMIT 1")[0].as<std::string>();
  EXPECT_NE(note.find("connect"), std::string::npos) << note;
}

TEST_F(Sg186LinkTest, AnAnswerThatNeverComesIsJournaledInDoubtWithWhatArrived) {
  start_with_sim({"--fault", "garbage=1"});
  ASSERT_TRUE(eventually([&] { return rows("kind = 'sg186_unanswered' AND code = 'in_doubt'") >= 1; }, 30s));
  pqxx::read_transaction tx(db);
  const auto row = tx.exec1("SELECT raw, note FROM mstation.journal WHERE kind = 'sg186_unanswered' LIMIT 1");
  EXPECT_EQ(row[0].as<std::string>().substr(0, 18), "\\x4741524241474521");  // "GARBAGE!"
  EXPECT_NE(row[1].as<std::string>().find("unreadable answer"), std::string::npos);
}

}  // namespace
}  // namespace mstation::test
