// Reconciliation end to end (docs/reconciliation.md): a working day through
// the daemon and sg186-sim, the simulator's day closed, `mstation reconcile`
// run as ops run it, and the simulator told to get its statement wrong in
// each way reconciliation must catch.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <fstream>
#include <thread>

#include "business_fixture.hpp"
#include "console_client.hpp"
#include "mstation/common/civil_date.hpp"
#include "mstation/common/sha256.hpp"
#include "mstation/txn/upstream.hpp"
#include "support/process.hpp"

namespace mstation::test {
namespace {

using namespace std::chrono_literals;
using txn::txns::card_purchase;
using txn::txns::card_write_confirm;
using txn::txns::payment;
using txn::txns::prepayment;
using txn::txns::reversal;

class ReconcileTest : public BusinessTest {
 protected:
  std::uint32_t today() const { return business_date_number(Clock::now()); }
  std::string config_file() const { return (dir.path() / "mstation.json").string(); }

  // The simulator's day turns: its statement of today is ready.
  void close_day() { sim->control({fmt::format("work_date={}", add_days(today(), 1))}); }

  ProcessResult reconcile(std::vector<std::string> extra = {}) {
    std::vector<std::string> argv{mstation_binary(), "reconcile", "--config", config_file(), "--date",
                                  txn::iso_date(today()), "--format", "json"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run_process(argv, "", 120s);
  }
  static nlohmann::json report_of(const ProcessResult& r) {
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.out << r.err;
    return j;
  }
  ProcessResult cli(std::vector<std::string> args) {
    args.insert(args.begin(), mstation_binary());
    args.insert(args.end(), {"--config", config_file()});
    return run_process(args);
  }

  std::int64_t prepay(hhu::TerminalClient& t, const sim::Customer& c, std::int64_t fen, const char* expected = "00") {
    const auto r = over_socket(t, prepayment, {{"customer_no", c.cons_no}, {"amount_fen", fen}});
    EXPECT_EQ(r.code(), expected) << r.body.dump();
    return r.body.value("txn_id", std::int64_t{0});
  }
  std::int64_t pay_all(hhu::TerminalClient& t, const sim::Customer& c, const char* expected = "00") {
    const auto q = over_socket(t, txn::txns::arrears_query, {{"customer_no", c.cons_no}});
    const auto r = over_socket(t, payment, {{"customer_no", c.cons_no}, {"amount_fen", q.body["total_fen"]}});
    EXPECT_EQ(r.code(), expected) << r.body.dump();
    return r.body.value("txn_id", std::int64_t{0});
  }
  std::string serial_of(std::int64_t txn_id) {
    return text("SELECT sg186_serial FROM mstation.business_txn WHERE txn_id = " + std::to_string(txn_id));
  }
  // As if the in-doubt record had waited overnight, its reversal not yet sent.
  void leave_in_doubt_overnight(std::int64_t txn_id) {
    pqxx::work tx(db);
    tx.exec("UPDATE mstation.business_txn SET updated_at = now() - interval '10 minutes' WHERE txn_id = " +
            std::to_string(txn_id));
    tx.exec("UPDATE mstation.saf_entry SET next_attempt_at = now() + interval '1 hour' WHERE txn_id = " +
            std::to_string(txn_id));
    tx.commit();
  }
  // A payment SG186 executes but never answers: 98, `unknown`, its reversal held back.
  std::int64_t in_doubt(hhu::TerminalClient& t, const sim::Customer& c, const char* fault) {
    sim->control({std::string(fault) + "=1"});
    const auto id = prepay(t, c, 700, "98");
    sim->control({std::string(fault) + "=0"});
    leave_in_doubt_overnight(id);
    return id;
  }
  nlohmann::json item_for(const nlohmann::json& report, const std::string& serial) {
    for (const auto& i : report["items"]) {
      if (i["serial"] == serial) return i;
    }
    ADD_FAILURE() << "no item for serial " << serial << " in " << report.dump(2);
    return {};
  }

  void SetUp() override {
    BusinessTest::SetUp();
    overrides["saf"] = {{"max_backoff_s", 1}};
  }
};

TEST_F(ReconcileTest, ACleanDayReconcilesAgreedAndARerunReportsTheSame) {
  start_with_sim();
  auto t = signed_on();
  pay_all(t, customer(owes));
  const auto& quiet = customer(owes_nothing);
  prepay(t, quiet, 1200);
  prepay(t, quiet, 300);
  const auto undo = over_socket(t, reversal, {{"orig_seq", t.last_seq()}, {"customer_no", quiet.cons_no},
                                               {"amount_fen", 300}});
  ASSERT_EQ(undo.code(), "00") << undo.body.dump();
  const auto& card = customer([](const sim::Customer& c) { return c.card_meter; });
  const auto bought = over_socket(t, card_purchase, {{"customer_no", card.cons_no}, {"meter_no", card.meter_no},
                                                     {"amount_fen", 5000}, {"card_serial", "A1B2C3D4"},
                                                     {"purchase_count", card.buy_count}});
  ASSERT_EQ(bought.code(), "00") << bought.body.dump();
  ASSERT_EQ(over_socket(t, card_write_confirm, {{"txn_id", bought.body["txn_id"]}, {"written", true}}).code(), "00");
  // In doubt, then reversed automatically on both sides.
  sim->control({"close_after_commit=1"});
  const auto doubtful = prepay(t, quiet, 800, "98");
  sim->control({"close_after_commit=0"});
  ASSERT_TRUE(reaches(doubtful, "reversed"));

  close_day();
  const auto first = reconcile();
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  const auto report = report_of(first);
  EXPECT_EQ(report["result"], "agreed");
  EXPECT_EQ(report["business_date"], txn::iso_date(today()));
  EXPECT_EQ(report["items"].size(), 0u);
  EXPECT_EQ(report["station"], report["sg186"]);
  EXPECT_EQ(report["station"]["count"], 3);  // the payment, the 1200 prepayment, the card purchase
  // payment, 2 prepayments + the reversal, card purchase, in-doubt prepayment + its automatic reversal
  EXPECT_EQ(report["counts"]["matched"], 7);
  // Stored with the file SG186 sent, and the report files written.
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.recon_run WHERE result = 'agreed'"), 1);
  EXPECT_EQ(text("SELECT encode(sha256(content), 'hex') = encode(sha256, 'hex') AND "
                 "encode(sha256, 'hex') = (SELECT encode(file_sha256, 'hex') FROM mstation.recon_run) "
                 "FROM mstation.recon_file"),
            "t");
  const auto stem = fmt::format("recon/recon_510100000001_{}", today());
  std::ifstream json_file(dir.path() / (stem + ".json"));
  ASSERT_TRUE(json_file) << "no report file";
  EXPECT_EQ(nlohmann::json::parse(json_file)["result"], "agreed");
  EXPECT_TRUE(std::filesystem::exists(dir.path() / (stem + ".txt")));
  // Every statement exchange went through the journaled link.
  EXPECT_GE(scalar("SELECT count(*) FROM mstation.journal WHERE chain = 'recon' AND kind = 'sg186_response' "
                   "AND txn IN ('050', '051')"),
            2);
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.journal WHERE kind = 'recon_run'"), 1);

  const auto again = reconcile();
  ASSERT_EQ(again.exit_code, 0) << again.err;
  auto second = report_of(again);
  EXPECT_NE(second["run_id"], report["run_id"]);
  for (auto* r : {&second, const_cast<nlohmann::json*>(&report)}) r->erase("run_id");
  EXPECT_EQ(second, report);
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.recon_run"), 2);
}

TEST_F(ReconcileTest, EachClassOfDiscrepancyIsFoundAndNamedWithItsSerial) {
  start_with_sim();
  auto t = signed_on();
  const auto& c = customer(owes_nothing);
  const auto dropped = prepay(t, c, 1000);
  const auto changed = prepay(t, c, 2000);
  // The 1016 race: the automatic reversal overtakes the original, which SG186 keeps.
  sim->control({"close_after_commit=1", "reversal_not_found=1"});
  const auto late = prepay(t, c, 3000, "98");
  sim->control({"close_after_commit=0"});
  ASSERT_TRUE(reaches(late, "reversed"));
  sim->control({"reversal_not_found=0"});

  close_day();
  sim->control({"statement_drop=" + serial_of(dropped), "statement_amount=" + serial_of(changed) + ":1999",
                "statement_add=1"});
  const auto r = reconcile();
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  const auto report = report_of(r);
  EXPECT_EQ(report["result"], "discrepancies");
  EXPECT_EQ(report["counts"]["local_only"], 1);
  EXPECT_EQ(report["counts"]["amount_mismatch"], 1);
  EXPECT_EQ(report["counts"]["upstream_only"], 1);
  EXPECT_EQ(report["counts"]["state_mismatch"], 1);
  EXPECT_EQ(item_for(report, serial_of(dropped))["class"], "local_only");
  const auto amount = item_for(report, serial_of(changed));
  EXPECT_EQ(amount["class"], "amount_mismatch");
  EXPECT_EQ(amount["station_amount_fen"], 2000);
  EXPECT_EQ(amount["sg186_amount_fen"], 1999);
  const auto race = item_for(report, serial_of(late));
  EXPECT_EQ(race["class"], "state_mismatch");
  EXPECT_EQ(race["station_state"], "reversed");
  EXPECT_EQ(race["sg186_status"], "1");
  // The added line is one the station never sent.
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.recon_item WHERE class = 'upstream_only' AND txn_id IS NULL"), 1);
  // One alert per discrepancy, and the rerun adds none while they are open.
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.alert WHERE kind LIKE 'recon_%'"), 4);
  ASSERT_EQ(reconcile().exit_code, 1);
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.alert WHERE kind LIKE 'recon_%'"), 4);
  // The text report names them for people.
  const auto people = cli({"reconcile", "--date", txn::iso_date(today())});
  EXPECT_EQ(people.exit_code, 1);
  EXPECT_NE(people.out.find("DISCREPANCIES"), std::string::npos) << people.out;
  EXPECT_NE(people.out.find(serial_of(dropped)), std::string::npos) << people.out;
}

TEST_F(ReconcileTest, UnknownRecordsAreSettledFromTheStatementBothWays) {
  start_with_sim();
  auto t = signed_on();
  const auto& c = customer(owes_nothing);
  const auto never = in_doubt(t, c, "close_before");     // SG186 never executed it
  const auto booked = in_doubt(t, c, "close_after_commit");  // SG186 did
  const auto in_transit = scalar("SELECT in_transit_fen FROM mstation.operator_cash WHERE operator_id = '0042'");
  close_day();

  const auto r = reconcile();
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  const auto report = report_of(r);
  EXPECT_EQ(state_of(never), "not_charged");
  EXPECT_EQ(state_of(booked), "manual");
  EXPECT_EQ(item_for(report, serial_of(booked))["class"], "upstream_only");
  EXPECT_EQ(text("SELECT state FROM mstation.saf_entry WHERE txn_id = " + std::to_string(never)), "done");
  EXPECT_EQ(text("SELECT state FROM mstation.saf_entry WHERE txn_id = " + std::to_string(booked)), "manual");
  ASSERT_EQ(report["settled"].size(), 2u);
  for (const auto& s : report["settled"]) EXPECT_EQ(s["from"], "unknown");
  // Each change journaled: the two records, and the two reversals the statement ended.
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.journal WHERE kind = 'recon_settle' AND decoded->>'saf_id' IS NULL"), 2);
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.journal WHERE kind = 'recon_settle' AND decoded->>'saf_id' IS NOT NULL"),
            2);

  // Ops find the cash was collected and settle it by hand; the books then agree.
  const auto refused = cli({"txn", "resolve", std::to_string(never), "--as", "succeeded", "--reason", "typo"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("only unknown or manual"), std::string::npos) << refused.err;
  const auto resolved = cli({"txn", "resolve", std::to_string(booked), "--as", "succeeded", "--reason",
                             "cash collected, receipt 0007 seen", "--by", "王会计"});
  ASSERT_EQ(resolved.exit_code, 0) << resolved.err;
  EXPECT_EQ(state_of(booked), "succeeded");
  EXPECT_EQ(scalar("SELECT in_transit_fen FROM mstation.operator_cash WHERE operator_id = '0042'"), in_transit + 700);
  EXPECT_EQ(text("SELECT decoded->>'reason' FROM mstation.journal WHERE kind = 'txn_resolve'"),
            "cash collected, receipt 0007 seen");
  EXPECT_EQ(text("SELECT decoded->>'by' FROM mstation.journal WHERE kind = 'txn_resolve'"), "王会计");
  EXPECT_EQ(text("SELECT chain FROM mstation.journal WHERE kind = 'txn_resolve'"), "admin");
  EXPECT_EQ(text("SELECT decoded->'before'->>'state' || '>' || (decoded->'after'->>'state') FROM mstation.journal "
                 "WHERE kind = 'txn_resolve'"),
            "manual>succeeded");
  const auto after = reconcile();
  EXPECT_EQ(after.exit_code, 0) << after.out;
  EXPECT_EQ(report_of(after)["result"], "agreed");
  // Resolving a settled record is refused, and so is sending again the reversal that resolve abandoned.
  EXPECT_EQ(cli({"txn", "resolve", std::to_string(booked), "--as", "reversed", "--reason", "x"}).exit_code, 1);
  const auto saf_id = text("SELECT saf_id FROM mstation.saf_entry WHERE txn_id = " + std::to_string(booked));
  EXPECT_EQ(text("SELECT state FROM mstation.saf_entry WHERE saf_id = " + saf_id), "abandoned");
  const auto retry = cli({"saf", "retry", saf_id, "--reason", "by mistake"});
  EXPECT_EQ(retry.exit_code, 1);
  EXPECT_NE(retry.err.find("txn resolve"), std::string::npos) << retry.err;
  EXPECT_EQ(state_of(booked), "succeeded");
}

TEST_F(ReconcileTest, OpsSettleAManualRecordThroughTheConsoleAsTheCliDoesAndOnlyOpsMay) {
  overrides["web_listener"] = {{"address", "127.0.0.1"}, {"port", 0}};
  start_with_sim();
  auto t = signed_on();
  const auto booked = in_doubt(t, customer(owes_nothing), "close_after_commit");
  close_day();
  ASSERT_EQ(reconcile().exit_code, 1);
  ASSERT_EQ(state_of(booked), "manual");

  ConsoleClient::add_user(db, "ops1", "ops");
  ConsoleClient::add_user(db, "audit1", "auditor");
  ConsoleClient::add_user(db, "office1", "office", "城关供电所");
  const ConsoleClient web(daemon->web_endpoint()->port());
  const auto target = "/api/transactions/" + std::to_string(booked) + "/resolve";
  const nlohmann::json settle{{"as", "succeeded"}, {"reason", "cash collected, receipt seen"}};
  // Only ops settle; the page's detail view is not a licence to change it.
  EXPECT_EQ(web.post(web.session("audit1"), target, settle).status, 403);
  EXPECT_EQ(web.post(web.session("office1"), target, settle).status, 403);
  const auto ops = web.session("ops1");
  EXPECT_EQ(web.request("POST", target, settle.dump(), "Cookie: " + ops + "\r\n").status, 403) << "no CSRF token";
  EXPECT_EQ(web.post(ops, target, {{"as", "paid"}, {"reason", "x"}}).status, 400);
  EXPECT_EQ(web.post(ops, target, {{"as", "succeeded"}}).status, 400) << "a reason is required";
  EXPECT_EQ(web.post(ops, "/api/transactions/999999/resolve", settle).status, 404);
  ASSERT_EQ(state_of(booked), "manual") << "nothing refused changed the record";

  // What ops see of it: the reconciliation item with SG186's amount, and the
  // SG186 messages' raw bytes (in clear on the wire) withheld; an auditor sees them.
  const auto detail = web.get(ops, "/api/transactions/" + std::to_string(booked)).json();
  ASSERT_FALSE(detail["recon_items"].empty()) << detail.dump();
  EXPECT_EQ(detail["recon_items"][0]["sg186_amount_fen"], 700);
  const auto sg186_raw_rows = [](const nlohmann::json& d, bool with_bytes) {
    int n = 0;
    for (const auto& j : d["journal"]) {
      if (j["kind"].get<std::string>().starts_with("sg186_") && j["raw_hex"].is_null() != with_bytes) ++n;
    }
    return n;
  };
  EXPECT_EQ(sg186_raw_rows(detail, true), 0) << detail["journal"].dump();
  const auto audited = web.get(web.session("audit1"), "/api/transactions/" + std::to_string(booked)).json();
  EXPECT_GT(sg186_raw_rows(audited, true), 0) << audited["journal"].dump();

  const auto done = web.post(ops, target, settle);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json()["from"], "manual");
  EXPECT_EQ(done.json()["to"], "succeeded");
  EXPECT_EQ(state_of(booked), "succeeded");
  // Journaled like `mstation txn resolve`, naming the console user.
  EXPECT_EQ(text("SELECT decoded->>'by' FROM mstation.journal WHERE kind = 'txn_resolve'"), "ops1");
  EXPECT_EQ(text("SELECT decoded->>'reason' FROM mstation.journal WHERE kind = 'txn_resolve'"),
            "cash collected, receipt seen");
  EXPECT_EQ(text("SELECT chain FROM mstation.journal WHERE kind = 'txn_resolve'"), "admin");
  EXPECT_EQ(web.post(ops, target, settle).status, 409) << "a settled record is not settled twice";
  EXPECT_EQ(report_of(reconcile())["result"], "agreed");
}

TEST_F(ReconcileTest, AReversalSG186BookedButTheStationDidNotRecordIsSettledAndARerunAgrees) {
  start_with_sim();
  auto t = signed_on();
  const auto& card = customer([](const sim::Customer& c) { return c.card_meter; });
  const auto bought = over_socket(t, card_purchase, {{"customer_no", card.cons_no}, {"meter_no", card.meter_no},
                                                     {"amount_fen", 4000}, {"card_serial", "A1B2C3D4"},
                                                     {"purchase_count", card.buy_count}});
  ASSERT_EQ(bought.code(), "00") << bought.body.dump();
  const auto txn_id = bought.body["txn_id"].get<std::int64_t>();
  const auto before = scalar("SELECT in_transit_fen FROM mstation.operator_cash WHERE operator_id = '0042'");
  // The card did not take it: its reversal is sent, SG186 executes it, the answer is lost; the queue holds it.
  sim->control({"close_after_commit=1"});
  over_socket(t, card_write_confirm, {{"txn_id", txn_id}, {"written", false}});
  ASSERT_TRUE(eventually([&] {
    return scalar("SELECT attempts FROM mstation.saf_entry WHERE purpose = 'reversal' AND txn_id = " +
                  std::to_string(txn_id)) >= 1;
  }, 30s));
  leave_in_doubt_overnight(txn_id);
  sim->control({"close_after_commit=0"});
  EXPECT_EQ(state_of(txn_id), "succeeded");
  close_day();

  const auto r = reconcile();
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;  // judged as things stand once settled
  const auto report = report_of(r);
  EXPECT_EQ(report["result"], "agreed");
  EXPECT_EQ(state_of(txn_id), "reversed");
  EXPECT_EQ(scalar("SELECT in_transit_fen FROM mstation.operator_cash WHERE operator_id = '0042'"), before - 4000);
  EXPECT_EQ(text("SELECT state || '/' || last_result FROM mstation.saf_entry WHERE purpose = 'reversal' AND txn_id = " +
                 std::to_string(txn_id)),
            "done/1001");
  ASSERT_EQ(report["settled"].size(), 1u);
  EXPECT_EQ(report["settled"][0]["from"], "succeeded");
  EXPECT_EQ(report["settled"][0]["to"], "reversed");
  const auto again = reconcile();
  EXPECT_EQ(again.exit_code, 0) << again.out;
  EXPECT_TRUE(report_of(again)["settled"].empty());
}

TEST_F(ReconcileTest, AStoredRunWhoseReportFilesCannotBeWrittenWarnsButKeepsItsResult) {
  dir.write("not-a-directory", "");
  overrides["reconcile"] = {{"nightly", false}, {"report_dir", (dir.path() / "not-a-directory" / "recon").string()}};
  start_with_sim();
  auto t = signed_on();
  prepay(t, customer(owes_nothing), 500);
  close_day();
  const auto r = reconcile();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("warning"), std::string::npos) << r.err;
  EXPECT_EQ(report_of(r)["result"], "agreed");
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.recon_run"), 1);
}

TEST_F(ReconcileTest, SG186DownOrNotReadyOrContradictingItselfExitsTwoAndStoresNothing) {
  overrides["reconcile"] = {{"nightly", false},
                            {"report_dir", (dir.path() / "recon").string()},
                            {"give_up_at", fmt::format("{:02}:{:02}:{:02}", to_china_time(Clock::now() + 4s).hour,
                                                       to_china_time(Clock::now() + 4s).minute,
                                                       to_china_time(Clock::now() + 4s).second)}};
  start_with_sim();
  auto t = signed_on();
  prepay(t, customer(owes_nothing), 500);

  const auto not_ready = reconcile();  // the simulator's day is still open
  EXPECT_EQ(not_ready.exit_code, 2);
  EXPECT_NE(not_ready.err.find("1002"), std::string::npos) << not_ready.err;

  close_day();
  sim->control({"statement_bad_totals=1"});
  const auto contradicts = reconcile();
  EXPECT_EQ(contradicts.exit_code, 2);
  EXPECT_NE(contradicts.err.find("summary"), std::string::npos) << contradicts.err;
  sim->control({"statement_bad_totals=0", "statement_not_ready=1"});
  const auto gave_up = reconcile({"--wait"});
  EXPECT_EQ(gave_up.exit_code, 2);
  EXPECT_NE(gave_up.err.find("gave up"), std::string::npos) << gave_up.err;
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.alert WHERE kind = 'recon_gave_up'"), 1);

  sim->control({"statement_not_ready=0", "down=1"});
  const auto down = reconcile();
  EXPECT_EQ(down.exit_code, 2);
  EXPECT_NE(down.err.find("did not answer"), std::string::npos) << down.err;
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.recon_run"), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.recon_file"), 0);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "recon"));
}

TEST_F(ReconcileTest, TwoRunsOfOneDateAtOnceNeverSettleOrStoreTwice) {
  start_with_sim();
  auto t = signed_on();
  const auto never = in_doubt(t, customer(owes_nothing), "close_before");
  close_day();
  ProcessResult a, b;
  std::thread other([&] { b = reconcile(); });
  a = reconcile();
  other.join();
  int completed = 0;
  for (const auto* r : {&a, &b}) {
    if (r->exit_code == 0) {
      ++completed;
    } else {
      EXPECT_EQ(r->exit_code, 2) << r->out << r->err;
      EXPECT_NE(r->err.find("another reconciliation"), std::string::npos) << r->err;
    }
  }
  EXPECT_GE(completed, 1);
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.recon_run"), completed);
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.journal WHERE kind = 'recon_settle' AND decoded->>'saf_id' IS NULL"), 1);
  EXPECT_EQ(state_of(never), "not_charged");
}

TEST_F(ReconcileTest, AlertsAndTheSafQueueAreSettledByHandAndJournaled) {
  start_with_sim();
  auto t = signed_on();
  const auto booked = in_doubt(t, customer(owes_nothing), "close_after_commit");
  close_day();
  ASSERT_EQ(reconcile().exit_code, 1);

  const auto listed = cli({"alerts", "list", "--open", "--format", "json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  const auto alerts = nlohmann::json::parse(listed.out);
  ASSERT_FALSE(alerts.empty());
  const auto alert_id = std::to_string(alerts[0]["alert_id"].get<std::int64_t>());
  EXPECT_EQ(cli({"alerts", "ack", alert_id}).exit_code, 2);  // a reason is required
  const auto acked = cli({"alerts", "ack", alert_id, "--reason", "being handled with SG186"});
  ASSERT_EQ(acked.exit_code, 0) << acked.err;
  EXPECT_EQ(cli({"alerts", "ack", alert_id, "--reason", "again"}).exit_code, 1);
  EXPECT_EQ(text("SELECT ack_reason FROM mstation.alert WHERE alert_id = " + alert_id), "being handled with SG186");

  const auto saf_id = text("SELECT saf_id FROM mstation.saf_entry WHERE txn_id = " + std::to_string(booked));
  const auto manual = cli({"saf", "list", "--state", "manual"});
  EXPECT_NE(manual.out.find("txn " + std::to_string(booked)), std::string::npos) << manual.out;
  const auto finished_before = text("SELECT finished_at FROM mstation.saf_entry WHERE saf_id = " + saf_id);
  ASSERT_EQ(cli({"saf", "retry", saf_id, "--reason", "try once more"}).exit_code, 0);
  // The worker sends it again (it may already have: its loops poll while the
  // CLI returns): the day has turned at SG186 (1015), so it ends manual anew.
  const auto finished_anew = "SELECT state = 'manual' AND finished_at > '" + finished_before +
                             "'::timestamptz FROM mstation.saf_entry WHERE saf_id = " + saf_id;
  ASSERT_TRUE(eventually([&] { return text(finished_anew) == "t"; }, 30s));
  ASSERT_EQ(cli({"saf", "abandon", saf_id, "--reason", "settled with SG186 by phone"}).exit_code, 0);
  EXPECT_EQ(text("SELECT state FROM mstation.saf_entry WHERE saf_id = " + saf_id), "abandoned");
  EXPECT_EQ(cli({"saf", "abandon", saf_id, "--reason", "again"}).exit_code, 1);

  for (const char* kind : {"alert_ack", "saf_retry", "saf_abandon"}) {
    EXPECT_EQ(scalar(fmt::format("SELECT count(*) FROM mstation.journal WHERE chain = 'admin' AND kind = '{}' "
                                 "AND decoded->>'os_user' <> '' AND decoded->>'reason' <> ''",
                                 kind)),
              1)
        << kind;
  }

  // Everything about the transaction in one place.
  const auto shown = cli({"txn", "show", "--serial", serial_of(booked), "--format", "json"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const auto story = nlohmann::json::parse(shown.out);
  EXPECT_EQ(story["record"]["txn_id"], booked);
  EXPECT_EQ(story["record"]["state"], "manual");
  std::set<std::string> kinds;
  for (const auto& row : story["journal"]) kinds.insert(row["kind"].get<std::string>());
  for (const char* kind : {"hhu_request_raw", "hhu_request", "sg186_request_raw", "sg186_unanswered", "hhu_response",
                           "recon_settle"}) {
    EXPECT_TRUE(kinds.contains(kind)) << kind << " missing from " << shown.out.substr(0, 2000);
  }
  EXPECT_EQ(story["saf"].size(), 1u);
  EXPECT_EQ(story["recon_items"][0]["class"], "upstream_only");
  const auto people = cli({"txn", "show", std::to_string(booked)});
  EXPECT_NE(people.out.find("raw "), std::string::npos);
  EXPECT_EQ(cli({"txn", "show", "999999"}).exit_code, 1);
}

TEST_F(ReconcileTest, TheDaemonReconcilesYesterdayAtReconcileTimeOnItsOwn) {
  // Its clock a day ahead: "yesterday" is the day this test works.
  daemon_options.clock = [] { return Clock::now() + 24h; };
  overrides["reconcile"] = {{"nightly", true}, {"time", "00:00"}, {"give_up_at", "23:59:59"},
                            {"report_dir", (dir.path() / "recon").string()}};
  start_with_sim();
  auto t = signed_on();
  prepay(t, customer(owes_nothing), 900);
  close_day();  // until now the statement was not ready: the job has been waiting
  ASSERT_TRUE(eventually([&] { return scalar("SELECT count(*) FROM mstation.recon_run") > 0; }, 120s));
  EXPECT_EQ(text("SELECT run_by || ' ' || result || ' ' || to_char(business_date, 'YYYYMMDD') FROM mstation.recon_run"),
            fmt::format("daemon:ms-test agreed {}", today()));
  ASSERT_TRUE(eventually([&] { return metric("mstation_recon_runs_total", {{"result", "agreed"}}) == 1; }, 10s));
  EXPECT_EQ(metric("mstation_recon_last_result"), 0);
  EXPECT_EQ(metric("mstation_recon_last_business_date"), today());
}

}  // namespace
}  // namespace mstation::test
