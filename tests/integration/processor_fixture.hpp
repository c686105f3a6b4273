#pragma once
// A migrated database, a KEK, a settable clock and the request pipeline, with
// helpers to enroll terminals and operators the way the CLI does.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "mstation/hhu/terminal_client.hpp"
#include "mstation/journal/committer.hpp"
#include "mstation/keys/kek_source.hpp"
#include "mstation/common/password.hpp"
#include "mstation/store/migration.hpp"
#include "mstation/store/operator_store.hpp"
#include "mstation/store/terminal_store.hpp"
#include "mstation/txn/codes.hpp"
#include "mstation/txn/request_processor.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

namespace mstation::test {

inline std::filesystem::path make_kek_file(const TempDir& dir) {
  keys::KekRing::create_file(dir.path() / "kek.key");
  return dir.path() / "kek.key";
}

class ProcessorTest : public ::testing::Test {
 protected:
  // Migrated by the owner, as `mstation migrate` does (docs/operations.md, Roles).
  void SetUp() override {
    pqxx::connection owner{database.owner_conninfo()};
    store::migrate(owner, store::embedded_migrations());
  }

  hhu::TerminalClient enroll(const std::string& tid, const std::string& ip = "127.0.0.2",
                             hhu::Suite suite = hhu::Suite::tdea, const std::string& station = "城关供电所") {
    return enroll_with_tmk(tid, hhu::generate_key(suite), ip, suite, station);
  }

  hhu::TerminalClient enroll_with_tmk(const std::string& tid, const SecretBytes& tmk, const std::string& ip,
                                      hhu::Suite suite, const std::string& station = "城关供电所") {
    store::TerminalRecord t;
    t.tid = tid;
    t.bound_ip = ip;
    t.suite = suite;
    t.station = station;
    t.tmk_sealed = kek.seal(tmk, "tmk:" + tid);
    t.tmk_kcv = hhu::key_check_value(suite, tmk);
    t.kek_id = kek.current_id();
    pqxx::work tx(db);
    store::insert_terminal(tx, t);
    tx.commit();
    return hhu::TerminalClient(tid, suite, tmk);
  }

  void add_operator(const std::string& id, const std::string& password, const std::string& station = "城关供电所",
                    const std::string& name = "张三") {
    store::OperatorRecord op;
    op.operator_id = id;
    op.name = name;
    op.station = station;
    op.password = hash_password(password, 1000);  // cheap for tests; production uses the default
    pqxx::work tx(db);
    store::insert_operator(tx, op);
    tx.commit();
  }

  txn::Outcome send(const Bytes& frame, const std::string& peer = "127.0.0.2") {
    return processor.process(app, committer, {++exchange_id, peer}, frame);
  }

  // One exchange: the terminal's next request, processed, and its answer opened.
  hhu::Response exchange(hhu::TerminalClient& terminal, std::uint16_t txn, const nlohmann::json& body = {},
                         const std::string& peer = "127.0.0.2") {
    const auto outcome = send(terminal.request(txn, body.is_null() ? nlohmann::json::object() : body, now), peer);
    EXPECT_EQ(outcome.action, txn::Outcome::Action::respond) << outcome.reason;
    return terminal.open(outcome.response);
  }

  hhu::Response sign_on(hhu::TerminalClient& terminal, const std::string& id = "0042",
                        const std::string& password = "123456", const std::string& peer = "127.0.0.2") {
    return exchange(terminal, txn::txns::sign_on, {{"operator_id", id}, {"password", password}}, peer);
  }

  std::int64_t scalar(const std::string& sql) {
    pqxx::read_transaction tx(db);
    return tx.exec1(sql)[0].as<std::int64_t>();
  }

  TestDatabase database;
  pqxx::connection db{database.conninfo()};           // the superuser: enrolling, inspecting, tampering
  pqxx::connection app{database.daemon_conninfo()};   // the daemon's role: every request runs as it
  TempDir dir;
  keys::KekSource kek_source{make_kek_file(dir)};
  const std::shared_ptr<const keys::KekRing> kek_ring = kek_source.current();
  const keys::KekRing& kek = *kek_ring;  // the ring the terminals are enrolled under
  TimePoint now = *from_china_time({2026, 11, 28, 10, 30, 15});
  txn::Settings settings;
  txn::RequestProcessor processor{settings, kek_source, [this] { return now; }};
  journal::DirectCommitter committer{app, "test"};
  std::int64_t exchange_id = 0;
};

}  // namespace mstation::test
