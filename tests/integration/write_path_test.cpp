// The write path under stress: a lane's connection lost mid-batch, a commit
// past its deadline, a deadlock between lanes, commits reported in doubt to
// the request pipeline, and a terminal's requests kept in order on its lane.
#include <atomic>
#include <set>
#include <latch>
#include <thread>

#include "mstation/journal/chain_verifier.hpp"
#include "mstation/journal/group_commit_writer.hpp"
#include "mstation/journal/writer_lanes.hpp"
#include "mstation/store/request_store.hpp"
#include "server_fixture.hpp"
#include "support/eventually.hpp"

namespace mstation::test {
namespace {

using namespace std::chrono_literals;
namespace txns = txn::txns;

journal::Entry test_entry(const std::string& note) {
  journal::Entry e;
  e.kind = "test";
  e.note = note;
  return e;
}

journal::WriteOp journal_only(const std::string& note) {
  return [note](pqxx::transaction_base&, std::vector<journal::Entry>& out) { out.push_back(test_entry(note)); };
}

// Runs `op` through `writer` on a thread of its own; the exception it ended in, if any.
std::thread commit_on_thread(journal::GroupCommitWriter& writer, journal::WriteOp op, std::exception_ptr& failure) {
  return std::thread([&writer, op = std::move(op), &failure] {
    try {
      writer.commit(op);
    } catch (...) {
      failure = std::current_exception();
    }
  });
}

template <typename E>
bool is(const std::exception_ptr& failure) {
  try {
    if (failure) std::rethrow_exception(failure);
  } catch (const E&) {
    return true;
  } catch (...) {
  }
  return false;
}

class WritePathTest : public ProcessorTest {
 protected:
  journal::ChainCheck check_chain(const std::string& chain) {
    pqxx::read_transaction tx(db);
    return journal::verify_chain(tx, chain);
  }
};

TEST_F(WritePathTest, ALaneWhoseConnectionIsLostMidBatchReportsEveryOperationInDoubtAndWritesNothing) {
  enroll("51010001");
  journal::GroupCommitWriter::Options options;
  options.max_batch = 2;
  options.window = 30s;  // both operations in one batch
  journal::GroupCommitWriter writer(database.daemon_conninfo(), "ms1/0", options);
  std::exception_ptr failures[2];
  auto reserve = commit_on_thread(
      writer,
      [](pqxx::transaction_base& tx, std::vector<journal::Entry>& out) {
        store::reserve_request(tx, {"51010001", 1, 10}, "0003", {}, "ms1");
        out.push_back(test_entry("reserved"));
      },
      failures[0]);
  auto kill = commit_on_thread(
      writer,
      [](pqxx::transaction_base& tx, std::vector<journal::Entry>&) {
        tx.exec("SELECT pg_terminate_backend(pg_backend_pid())");  // the lane's connection dies here
      },
      failures[1]);
  reserve.join();
  kill.join();
  EXPECT_TRUE(is<journal::CommitInDoubt>(failures[0]));
  EXPECT_TRUE(is<journal::CommitInDoubt>(failures[1]));
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.terminal_request"), 0);
  // The lane comes back by itself (two operations again: the batch waits for two).
  std::exception_ptr later[2];
  auto one = commit_on_thread(writer, journal_only("after reconnecting"), later[0]);
  auto two = commit_on_thread(writer, journal_only("after reconnecting"), later[1]);
  one.join();
  two.join();
  EXPECT_FALSE(later[0]);
  EXPECT_FALSE(later[1]);
  const auto chain = check_chain("ms1/0");
  EXPECT_EQ(chain.rows, 2);
  EXPECT_FALSE(chain.first_broken) << chain.reason;
}

TEST_F(WritePathTest, ACommitPastItsDeadlineIsReportedInDoubtAndMayStillLand) {
  journal::GroupCommitWriter::Options options;
  options.window = 0ms;
  options.commit_timeout = 200ms;
  journal::GroupCommitWriter writer(database.daemon_conninfo(), "ms1/0", options);
  const auto slow = [](pqxx::transaction_base& tx, std::vector<journal::Entry>& out) {
    tx.exec("SELECT pg_sleep(0.6)");
    out.push_back(test_entry("slow"));
  };
  EXPECT_THROW(writer.commit(slow), journal::CommitInDoubt);  // not "failed": it may commit yet
  EXPECT_TRUE(eventually([&] { return scalar("SELECT count(*) FROM mstation.journal WHERE note = 'slow'") == 1; }, 10s));
  EXPECT_TRUE(eventually([&] { return writer.health().stalled == std::chrono::steady_clock::duration::zero(); }, 10s));
}

TEST_F(WritePathTest, WorkWaitingWithoutACommitShowsAsStalled) {
  journal::GroupCommitWriter::Options options;
  options.window = 0ms;
  options.commit_timeout = 0ms;
  journal::GroupCommitWriter writer(database.daemon_conninfo(), "ms1/0", options);
  std::latch started(1);
  std::atomic<bool> release{false};
  std::exception_ptr failure;
  auto stuck = commit_on_thread(
      writer,
      [&](pqxx::transaction_base&, std::vector<journal::Entry>&) {
        started.count_down();
        while (!release) std::this_thread::yield();
      },
      failure);
  started.wait();
  EXPECT_TRUE(eventually([&] { return writer.health().stalled > 100ms; }, 10s));
  release = true;
  stuck.join();
  EXPECT_FALSE(failure);
  EXPECT_EQ(writer.health().stalled, std::chrono::steady_clock::duration::zero());
}

TEST_F(WritePathTest, ADeadlockBetweenTwoLanesIsRunAgainAndBothCommit) {
  enroll("51010001");
  enroll("51010002", "127.0.0.3");
  journal::GroupCommitWriter::Options options;
  options.window = 0ms;
  journal::GroupCommitWriter lane0(database.daemon_conninfo(), "ms1/0", options);
  journal::GroupCommitWriter lane1(database.daemon_conninfo(), "ms1/1", options);
  std::latch both_hold_one(2);
  // Each locks one terminal row, waits until the other holds the other row,
  // then wants it: PostgreSQL kills one as the deadlock's victim. Only the
  // first run waits; the victim's second run just queues behind the winner.
  const auto crossing = [&](const char* first, const char* second) {
    auto first_run = std::make_shared<std::atomic<bool>>(true);
    return [&, first, second, first_run](pqxx::transaction_base& tx, std::vector<journal::Entry>& out) {
      tx.exec_params("UPDATE mstation.terminal SET highest_seq = highest_seq + 1 WHERE tid = $1", first);
      if (first_run->exchange(false)) {
        both_hold_one.count_down();
        both_hold_one.wait();
      }
      tx.exec_params("UPDATE mstation.terminal SET highest_seq = highest_seq + 1 WHERE tid = $1", second);
      out.push_back(test_entry(std::string("crossed from ") + first));
    };
  };
  std::exception_ptr failures[2];
  auto a = commit_on_thread(lane0, crossing("51010001", "51010002"), failures[0]);
  auto b = commit_on_thread(lane1, crossing("51010002", "51010001"), failures[1]);
  a.join();
  b.join();
  EXPECT_FALSE(failures[0]);
  EXPECT_FALSE(failures[1]);
  EXPECT_EQ(scalar("SELECT sum(highest_seq) FROM mstation.terminal"), 4);  // each update exactly once
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.journal WHERE kind = 'test'"), 2);
}

// A committer whose commits are reported in doubt: after committing
// (the commit landed although the caller heard otherwise), or without.
class InDoubtCommitter : public journal::Committer {
 public:
  InDoubtCommitter(journal::Committer& real, bool lands) : real_(real), lands_(lands) {}
  void commit(const journal::WriteOp& op) override {
    if (remaining_ > 0) {
      --remaining_;
      if (lands_) real_.commit(op);
      throw journal::CommitInDoubt("connection lost during the commit (test)");
    }
    real_.commit(op);
  }
  int remaining_ = 1;

 private:
  journal::Committer& real_;
  bool lands_;
};

TEST_F(WritePathTest, ACommitReportedInDoubtThatLandedIsAnsweredFromWhatCommitted) {
  auto terminal = enroll("51010001");
  InDoubtCommitter writes(committer, true);
  const Bytes echo = terminal.request(txns::echo, nlohmann::json::object(), now);
  const auto first = processor.process(app, writes, {++exchange_id, "127.0.0.2"}, echo);
  ASSERT_EQ(first.action, txn::Outcome::Action::respond) << first.reason;
  EXPECT_EQ(terminal.open(first.response).code(), "00");
  const auto again = processor.process(app, writes, {++exchange_id, "127.0.0.2"}, echo);
  EXPECT_EQ(again.response, first.response);  // the one answer, never a second
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.terminal_request"), 1);
}

TEST_F(WritePathTest, ACommitReportedInDoubtThatDidNotLandClosesAndTheRetransmissionIsAnsweredOnce) {
  auto terminal = enroll("51010001");
  InDoubtCommitter writes(committer, false);
  const Bytes echo = terminal.request(txns::echo, nlohmann::json::object(), now);
  const auto first = processor.process(app, writes, {++exchange_id, "127.0.0.2"}, echo);
  EXPECT_EQ(first.action, txn::Outcome::Action::close) << "nothing may be answered that is not stored";
  const auto again = processor.process(app, writes, {++exchange_id, "127.0.0.2"}, echo);
  ASSERT_EQ(again.action, txn::Outcome::Action::respond) << again.reason;
  EXPECT_EQ(terminal.open(again.response).code(), "00");
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.terminal_request WHERE state = 'answered'"), 1);
}

TEST_F(WritePathTest, AChangeByAnotherInstanceIsSeenByTheNextFrame) {
  auto terminal = enroll("51010001");
  EXPECT_EQ(exchange(terminal, txns::echo).code(), "00");
  {
    pqxx::connection other(database.conninfo());  // another instance, or the CLI
    pqxx::work tx(other);
    store::set_terminal_enabled(tx, "51010001", false);
    tx.commit();
  }
  // Nothing is cached: the checks read the terminal with every frame.
  const auto refused = send(terminal.request(txns::echo, nlohmann::json::object(), now));
  ASSERT_EQ(refused.action, txn::Outcome::Action::respond);
  EXPECT_EQ(refused.code, "A3");
  EXPECT_EQ(refused.reason, "terminal disabled");
}

TEST(WriterLanes, ATerminalAlwaysMapsToTheSameLane) {
  EXPECT_EQ(journal::WriterLanes::lane_of("51010001", 4), journal::WriterLanes::lane_of("51010001", 4));
  std::set<std::size_t> used;
  for (int i = 1; i <= 64; ++i) used.insert(journal::WriterLanes::lane_of(fmt::format("5101{:04}", i), 4));
  EXPECT_EQ(used.size(), 4u) << "64 terminals spread over every lane";
  EXPECT_EQ(journal::WriterLanes::chain_name("ms1", 3), "ms1/3");
}

class LanesTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    add_operator("0042", "123456");
  }
  std::string text(const std::string& sql) {
    pqxx::read_transaction tx(db);
    return tx.exec1(sql)[0].c_str();
  }
};

TEST_F(LanesTest, ATerminalsRequestsAreJournaledInOrderOnItsLaneAndEveryLaneChainVerifies) {
  auto c = config_json();
  c["database"]["writer_lanes"] = 4;
  start(c);
  std::vector<hhu::TerminalClient> fleet;
  for (int i = 1; i <= 6; ++i) fleet.push_back(enroll(fmt::format("5101{:04}", i), "127.0.0.2"));
  // Interleaved: one request of each terminal in turn.
  for (auto& t : fleet) EXPECT_EQ(over_socket(t, txns::sign_on, {{"operator_id", "0042"}, {"password", "123456"}}).code(), "00");
  for (int round = 0; round < 3; ++round) {
    for (auto& t : fleet) EXPECT_EQ(over_socket(t, txns::echo).code(), "00");
  }
  for (const auto& t : fleet) {
    const auto tid = t.tid();
    const auto lane = journal::WriterLanes::chain_name("ms-test", journal::WriterLanes::lane_of(tid, 4));
    EXPECT_EQ(text("SELECT string_agg(DISTINCT chain, ',') FROM mstation.journal WHERE tid = '" + tid + "'"), lane);
    // Journal order is the terminal's order: SEQ never goes down along the chain.
    EXPECT_EQ(scalar("SELECT count(*) FROM (SELECT seq, lag(seq) OVER (ORDER BY chain_pos) AS before "
                     "FROM mstation.journal WHERE tid = '" + tid + "') s WHERE seq < before"),
              0);
  }
  pqxx::read_transaction tx(db);
  const auto chains = journal::list_chains(tx);
  std::size_t lanes_seen = 0;
  for (const auto& chain : chains) {
    if (chain.rfind("ms-test/", 0) == 0) ++lanes_seen;
    const auto check = journal::verify_chain(tx, chain);
    EXPECT_FALSE(check.first_broken) << chain << ": " << check.reason;
  }
  EXPECT_GE(lanes_seen, 2u) << "six terminals on more than one lane";
}

}  // namespace
}  // namespace mstation::test
