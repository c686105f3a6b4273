// The daemon warns before the month partitions run out: fewer than two
// months after the current one raises an alert (once) and sets the metric.
#include "server_fixture.hpp"
#include "support/eventually.hpp"

namespace mstation::test {
namespace {

using namespace std::chrono_literals;

TEST_F(ServerTest, FewerThanTwoFutureMonthPartitionsRaiseOneAlertPerTable) {
  {
    // The last month migration 001 made ahead is dropped (it is empty): one future month is left.
    pqxx::work tx(db);
    const auto last = tx.exec1(
        "SELECT max(inhrelid::regclass::text) FROM pg_inherits WHERE inhparent = 'mstation.journal'::regclass "
        "AND inhrelid::regclass::text LIKE 'mstation.journal_y%'")[0]
                          .as<std::string>();
    tx.exec("DROP TABLE " + last);
    tx.commit();
  }
  start();
  const auto alerts = [&] {
    return scalar("SELECT count(*) FROM mstation.alert WHERE kind = 'partitions_running_out' AND subject = 'journal'");
  };
  ASSERT_TRUE(eventually([&] { return alerts() == 1; }, 30s)) << "no partitions_running_out alert for journal";
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.alert WHERE kind = 'partitions_running_out' "
                   "AND subject = 'business_txn'"),
            0)
      << "business_txn still has two future months";
  EXPECT_NE(http_get(admin_port(), "/metrics").find("mstation_partition_future_months{table=\"journal\"} 1"),
            std::string::npos);
}

}  // namespace
}  // namespace mstation::test
