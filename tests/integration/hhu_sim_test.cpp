// hhu-sim, the terminal simulator, against the real front-end.
#include <sys/stat.h>

#include "sg186_server_fixture.hpp"
#include "support/paths.hpp"
#include "support/process.hpp"

namespace mstation::test {
namespace {

class HhuSimTest : public ServerWithSg186Test {
 protected:
  std::vector<std::string> sim(const std::string& tid, const std::string& ip, std::vector<std::string> steps) {
    std::vector<std::string> argv{hhu_sim_binary(), "run",   "--server",   "127.0.0.1:" + std::to_string(port()),
                                  "--bind",         ip,      "--tid",      tid,
                                  "--tmk-file",     tmk_file, "--state",   (dir.path() / "state.json").string(),
                                  "--operator",     "0042"};
    argv.insert(argv.end(), steps.begin(), steps.end());
    return argv;
  }

  std::string tmk_file;
};

TEST_F(HhuSimTest, SignsOnEchoesAndSignsOffKeepingItsStateBetweenRuns) {
  start();
  add_operator("0042", "123456");
  const auto tmk = hhu::generate_key(hhu::Suite::tdea);
  enroll_with_tmk("51010001", tmk, "127.0.0.2", hhu::Suite::tdea);
  tmk_file = dir.write("51010001.tmk", to_hex(tmk) + " " + hhu::key_check_value(hhu::Suite::tdea, tmk) + "\n").string();

  const auto first = run_process(sim("51010001", "127.0.0.2", {"sign-on", "echo"}), "123456\n");
  EXPECT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_NE(first.out.find("sign-on SEQ 1: 00 交易成功"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("\"tdk\":\"***\""), std::string::npos) << "the simulator must not print keys";
  EXPECT_NE(first.out.find("echo SEQ 2: 00 "), std::string::npos) << first.out;
  struct stat info {};
  ASSERT_EQ(stat((dir.path() / "state.json").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);

  const auto second = run_process(sim("51010001", "127.0.0.2", {"echo", "sign-off"}));
  EXPECT_EQ(second.exit_code, 0) << second.out << second.err;
  EXPECT_NE(second.out.find("echo SEQ 3: 00 "), std::string::npos) << second.out;
  EXPECT_NE(second.out.find("sign-off SEQ 4"), std::string::npos);
}

TEST_F(HhuSimTest, RefusalIsShownAsPlainAndExitsOne) {
  start();
  const auto tmk = hhu::generate_key(hhu::Suite::tdea);
  enroll_with_tmk("51010001", tmk, "127.0.0.2", hhu::Suite::tdea);
  tmk_file = dir.write("51010001.tmk", to_hex(tmk) + "\n").string();
  const auto r = run_process(sim("51010001", "127.0.0.3", {"echo"}));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("(plain, advisory)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(plain, advisory): A3 "), std::string::npos) << r.out;
}

TEST_F(HhuSimTest, QueriesGoThroughSG186) {
  start_with_sim();
  add_operator("0042", "123456");
  const auto tmk = hhu::generate_key(hhu::Suite::aes);
  enroll_with_tmk("51010002", tmk, "127.0.0.3", hhu::Suite::aes);
  tmk_file = dir.write("51010002.tmk", to_hex(tmk) + "\n").string();
  const auto r = run_process(sim("51010002", "127.0.0.3", {"sign-on", "reading-tasks=S0001", "arrears=5199999999"}),
                             "123456\n");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;  // the unknown customer
  EXPECT_NE(r.out.find("reading-tasks SEQ 2: 00 交易成功"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"tasks\":\"50 tasks\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("arrears SEQ 3: 14 "), std::string::npos) << r.out;
  const auto bad = run_process(sim("51010002", "127.0.0.3", {"arrears"}));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("step 'arrears' needs a value"), std::string::npos) << bad.err;
}

class HhuSimLoadTest : public HhuSimTest {
 protected:
  // Two terminals enrolled the bulk way, two operators, the simulator's payable customers.
  void prepare_fleet() {
    start_with_sim();
    add_operator("0042", "123456");
    add_operator("0043", "654321");
    fleet = dir.write("fleet.csv", "tid,ip,suite,station\n51010001,127.0.0.2,tdea,城关供电所\n"
                                   "51010002,127.0.0.3,aes,城关供电所\n").string();
    tmks = (dir.path() / "fleet.tmk").string();
    const auto imported = run_process({mstation_binary(), "terminal", "import", fleet, "--tmk-out", tmks, "--config",
                                       (dir.path() / "mstation.json").string()});
    ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
    EXPECT_NE(imported.out.find("2 terminals enrolled"), std::string::npos) << imported.out;
    struct stat info {};
    ASSERT_EQ(stat(tmks.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u) << "the TMKs are secrets";
    operators = dir.write("operators.csv", "0042,123456\n0043,654321\n").string();
    const auto payable = run_process({sg186_sim_binary(), "customers", "--state", (dir.path() / "sim").string()});
    ASSERT_EQ(payable.exit_code, 0) << payable.err;
    customers = dir.write("customers.txt", payable.out).string();
  }

  std::vector<std::string> load(std::vector<std::string> extra) {
    std::vector<std::string> argv{hhu_sim_binary(), "load",        "--server",   "127.0.0.1:" + std::to_string(port()),
                                  "--fleet",        fleet,         "--tmk-file", tmks,
                                  "--operators",    operators,     "--customers", customers};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
  }

  std::string fleet, tmks, operators, customers;
};

TEST_F(HhuSimLoadTest, ClosedLoopSendsTheMixAndCountsEveryRequestByCode) {
  prepare_fleet();
  const auto r = run_process(load({"--terminals", "2", "--count", "30", "--mix", "pay=3,query=1,reverse=1", "--json"}));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto summary = nlohmann::json::parse(r.out);
  EXPECT_EQ(summary["mode"], "closed");
  EXPECT_EQ(summary["completed"], 30);
  EXPECT_EQ(summary["approved"], 30) << summary.dump();
  EXPECT_EQ(summary["codes"]["00"], 30);
  EXPECT_GT(summary["latency_ms"]["p99"].get<double>(), 0.0);
  EXPECT_GE(summary["latency_ms"]["max"].get<double>(), summary["latency_ms"]["p50"].get<double>());
  const auto charges = summary["by_kind"]["pay"]["count"].get<std::int64_t>() +
                       summary["by_kind"].value("/reverse/count"_json_pointer, std::int64_t{0});
  // Every pay and reverse is one business record, on both terminals' lanes.
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.business_txn"), charges);
  EXPECT_EQ(scalar("SELECT count(DISTINCT tid) FROM mstation.business_txn"), 2);
}

TEST_F(HhuSimLoadTest, OpenLoopRunsForItsDurationAtTheRateAsked) {
  prepare_fleet();
  const auto r = run_process(load({"--rate", "40", "--duration", "1", "--mix", "query=1", "--json"}));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto summary = nlohmann::json::parse(r.out);
  EXPECT_EQ(summary["mode"], "open");
  // 40/s for one second: each terminal sends every 50 ms, the first at once.
  EXPECT_GE(summary["completed"].get<int>(), 38);
  EXPECT_LE(summary["completed"].get<int>(), 42);
}

TEST_F(HhuSimLoadTest, BadArgumentsAreNamedWithTheUsageAndExitTwo) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"load", "--terminals", "0", "--count", "1"},
           {"load", "--server", "127.0.0.1:1", "--fleet", "f", "--tmk-file", "t", "--operator", "0042", "--password",
            "x", "--customers", "c", "--terminals", "1", "--count", "1", "--duration", "2"},
           {"load", "--mix", "pay=70,fly=30"}}) {
    std::vector<std::string> argv{hhu_sim_binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto r = run_process(argv);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("usage: hhu-sim load"), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace mstation::test

namespace mstation::test {
namespace {

// `hhu-sim day`: one electrician's scripted working day against the real
// station and sg186-sim — every step must get what it expects.
TEST_F(HhuSimTest, AWorkingDayRunsEveryTransactionAndSettlesMatched) {
  overrides = {{"tariffs_file", source_dir() + "/config/tariffs.json"}};
  start_with_sim();
  add_operator("0042", "123456");
  const auto tmk = hhu::generate_key(hhu::Suite::tdea);
  enroll_with_tmk("51010001", tmk, "127.0.0.2", hhu::Suite::tdea);
  tmk_file = dir.write("51010001.tmk", to_hex(tmk) + "\n").string();
  auto argv = sim("51010001", "127.0.0.2", {"--segment", "S0001"});
  argv[1] = "day";
  const auto r = run_process(argv, "123456\n", std::chrono::seconds(120));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  for (const char* expected : {"电费收费凭证", "冲正凭证", "预收电费凭证", "电费催缴通知单", "补打"}) {
    EXPECT_NE(r.out.find(expected), std::string::npos) << expected << "\n" << r.out;
  }
  EXPECT_NE(r.out.find("\"matched\":true"), std::string::npos) << r.out;
  EXPECT_GE(scalar("SELECT count(*) FROM mstation.business_txn WHERE state = 'succeeded'"), 5);
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.business_txn WHERE state = 'reversed'"), 1);
}

}  // namespace
}  // namespace mstation::test
