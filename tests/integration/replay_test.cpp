// The order of checks, SEQ, replay and retransmission rules of
// hhu-protocol.md §4, enforced through PostgreSQL.
#include <thread>

#include "mstation/common/sha256.hpp"
#include "mstation/store/request_store.hpp"
#include "mstation/store/working_key_store.hpp"

#include "processor_fixture.hpp"

namespace mstation::test {
namespace {

using namespace std::chrono_literals;
namespace txns = txn::txns;
using Action = txn::Outcome::Action;

class ReplayTest : public ProcessorTest {
 protected:
  void SetUp() override {
    ProcessorTest::SetUp();
    add_operator("0042", "123456");
  }

  hhu::TerminalClient signed_on_terminal(const std::string& tid = "51010001", const std::string& ip = "127.0.0.2") {
    auto terminal = enroll(tid, ip);
    EXPECT_EQ(sign_on(terminal, "0042", "123456", ip).code(), "00");
    return terminal;
  }

  static Bytes flip(Bytes frame, std::size_t at) {
    frame[at] ^= 0x01;
    return frame;
  }
  static std::size_t ciphertext_at(const Bytes&) { return hhu::header_size + 1; }

  // What an original's write-ahead in another instance leaves: the SEQ taken,
  // the request reserved, no answer yet.
  void reserved_elsewhere(const hhu::TerminalClient& terminal, const Bytes& request, const std::string& instance) {
    pqxx::work tx(db);
    const store::RequestKey key{terminal.tid(), 1, terminal.last_seq()};
    ASSERT_TRUE(store::advance_highest_seq(tx, key.tid, key.seq_epoch, key.seq));
    ASSERT_TRUE(store::reserve_request(tx, key, "0003", sha256(std::span<const std::uint8_t>(request)), instance));
    tx.commit();
  }

  nlohmann::json plain_body(const txn::Outcome& o) {
    auto f = std::get<hhu::Frame>(hhu::parse_frame(o.response));
    EXPECT_EQ(f.header.flags, hhu::flag_response) << "expected a plain frame";
    EXPECT_EQ(f.header.kver, 0);
    EXPECT_EQ(f.mac, hhu::Mac{});
    return nlohmann::json::parse(f.payload.begin(), f.payload.end());
  }
};

TEST_F(ReplayTest, RetransmissionGetsTheByteIdenticalResponseAndIsExecutedOnce) {
  auto terminal = enroll("51010001");
  const Bytes request = terminal.request(txns::sign_on, {{"operator_id", "0042"}, {"password", "123456"}}, now);
  const auto first = send(request);
  const auto again = send(request);
  EXPECT_EQ(first.code, "00");
  EXPECT_TRUE(again.retransmission);
  EXPECT_EQ(again.response, first.response);
  EXPECT_EQ(scalar("SELECT key_version FROM mstation.terminal"), 1);  // one sign-on, not two
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.working_key"), 1);
}

TEST_F(ReplayTest, RetransmittedWrongPasswordIsNotCountedTwice) {
  auto terminal = enroll("51010001");
  const Bytes request = terminal.request(txns::sign_on, {{"operator_id", "0042"}, {"password", "nope!!"}}, now);
  send(request);
  send(request);
  send(request);
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.operator_login_failure"), 1);
}

TEST_F(ReplayTest, RetransmissionIsAnsweredEvenAfterKeysExpiredAndTimeIsStale) {
  auto terminal = signed_on_terminal();
  const Bytes request = terminal.request(txns::echo, nlohmann::json::object(), now);
  const auto first = send(request);
  ASSERT_EQ(first.code, "00");
  now += 48h;  // past key_lifetime and clock_skew
  const auto again = send(request);
  EXPECT_EQ(again.action, Action::respond);
  EXPECT_EQ(again.response, first.response);
  // A new request under those keys is refused.
  EXPECT_EQ(send(terminal.request(txns::echo, nlohmann::json::object(), now)).code, "A1");
}

TEST_F(ReplayTest, RetransmissionIsAnsweredAfterARestartByAnotherInstance) {
  auto terminal = signed_on_terminal();
  const Bytes request = terminal.request(txns::echo, nlohmann::json::object(), now);
  const auto first = send(request);
  pqxx::connection other_connection(database.daemon_conninfo());
  txn::Settings other_settings;
  other_settings.instance = "ms2";
  txn::RequestProcessor other(other_settings, kek_source, [this] { return now; });
  journal::DirectCommitter other_committer(other_connection, "ms2");
  const auto again = other.process(other_connection, other_committer, {1, "127.0.0.2"}, request);
  EXPECT_EQ(again.response, first.response);
}

TEST_F(ReplayTest, SameSeqWithOtherContentIsA2WithNextSeq) {
  auto terminal = signed_on_terminal();
  const auto seq = terminal.last_seq() + 1;
  send(terminal.request_with(txns::echo, nlohmann::json::object(), now, seq, terminal.key_version()));
  const auto replay =
      send(terminal.request_with(txns::echo, {{"different", true}}, now, seq, terminal.key_version()));
  EXPECT_EQ(replay.code, "A2");
  const auto body = plain_body(replay);
  EXPECT_EQ(body["next_seq"], seq + 1);
}

TEST_F(ReplayTest, SeqBelowTheHighestIsA2) {
  auto terminal = signed_on_terminal();
  terminal.set_last_seq(50);
  EXPECT_EQ(exchange(terminal, txns::echo).code(), "00");
  const auto stale = send(terminal.request_with(txns::echo, nlohmann::json::object(), now, 20, terminal.key_version()));
  EXPECT_EQ(stale.code, "A2");
  EXPECT_EQ(plain_body(stale)["next_seq"], 52);
}

TEST_F(ReplayTest, TimeOutsideClockSkewIsA2ButNotForSignOn) {
  auto terminal = signed_on_terminal();
  const auto late = send(terminal.request(txns::echo, nlohmann::json::object(), now - 16min));
  EXPECT_EQ(late.code, "A2");
  const auto early = send(terminal.request(txns::echo, nlohmann::json::object(), now + 16min));
  EXPECT_EQ(early.code, "A2");
  EXPECT_EQ(send(terminal.request(txns::echo, nlohmann::json::object(), now + 14min)).code, "00");
  const auto sign_on_far_off =
      send(terminal.request(txns::sign_on, {{"operator_id", "0042"}, {"password", "123456"}}, now - 72h));
  EXPECT_EQ(sign_on_far_off.code, "00");
}

TEST_F(ReplayTest, RefusedRequestDoesNotUseUpItsSeq) {
  auto terminal = signed_on_terminal();
  const auto seq = terminal.last_seq() + 1;
  const Bytes good = terminal.request_with(txns::echo, nlohmann::json::object(), now, seq, terminal.key_version());
  EXPECT_EQ(send(flip(good, ciphertext_at(good))).code, "A0");
  EXPECT_EQ(send(good).code, "00");
}

TEST_F(ReplayTest, BadMacIsA0) {
  auto terminal = signed_on_terminal();
  const Bytes good = terminal.request(txns::echo, nlohmann::json::object(), now);
  EXPECT_EQ(send(flip(good, good.size() - 1)).code, "A0");  // the MAC itself
  EXPECT_EQ(send(flip(good, 20)).code, "A0");               // SEQ byte
}

TEST_F(ReplayTest, UnknownKeyVersionIsA1) {
  auto terminal = signed_on_terminal();
  EXPECT_EQ(send(terminal.request_with(txns::echo, nlohmann::json::object(), now, 10, 77)).code, "A1");
}

TEST_F(ReplayTest, BusinessTransactionUnderKver00IsA1) {
  auto terminal = enroll("51010001");
  EXPECT_EQ(send(terminal.request_with(0x0202, {{"customer_no", "1"}}, now, 5, 0)).code, "A1");
}

TEST_F(ReplayTest, KeysExpireAfterTheirLifetime) {
  auto terminal = signed_on_terminal();
  now += 23h + 59min;
  EXPECT_EQ(exchange(terminal, txns::echo).code(), "00");
  now += 2min;
  EXPECT_EQ(send(terminal.request(txns::echo, nlohmann::json::object(), now)).code, "A1");
}

TEST_F(ReplayTest, PreviousKeyVersionWorksDuringGraceOnly) {
  auto terminal = signed_on_terminal();
  const std::uint8_t old_version = terminal.key_version();
  hhu::TerminalClient copy = terminal;  // a second handheld state still holding the old keys
  EXPECT_EQ(sign_on(terminal).code(), "00");
  now += 4min;
  copy.set_last_seq(terminal.last_seq());
  EXPECT_EQ(exchange(copy, txns::echo).code(), "00");
  EXPECT_EQ(copy.key_version(), old_version);
  now += 2min;  // past key_grace (5 min)
  terminal.set_last_seq(copy.last_seq());
  EXPECT_EQ(send(copy.request(txns::echo, nlohmann::json::object(), now)).code, "A1");
  EXPECT_EQ(exchange(terminal, txns::echo).code(), "00");
}

TEST_F(ReplayTest, TdeaKeyBundleIsRetiredAfter2To20Blocks) {
  auto terminal = signed_on_terminal();
  EXPECT_EQ(scalar("SELECT cipher_blocks FROM mstation.working_key"), 0);  // sign-on traffic is under KVER 00
  EXPECT_EQ(exchange(terminal, txns::echo).code(), "00");
  // Request: MAC over header+16 bytes (8 blocks) + 2 ciphertext blocks; response likewise.
  EXPECT_GE(scalar("SELECT cipher_blocks FROM mstation.working_key"), 2 * (8 + 2));
  {
    pqxx::work tx(db);
    tx.exec("UPDATE mstation.working_key SET cipher_blocks = 1048575");
    tx.commit();
  }
  EXPECT_EQ(exchange(terminal, txns::echo).code(), "00");  // the last one that fits
  EXPECT_EQ(send(terminal.request(txns::echo, nlohmann::json::object(), now)).code, "A1");
}

TEST_F(ReplayTest, UnknownDisabledOrMisplacedTerminalIsA3) {
  auto terminal = signed_on_terminal();
  EXPECT_EQ(send(terminal.request(txns::echo, nlohmann::json::object(), now), "127.0.0.3").code, "A3");
  auto stranger = hhu::TerminalClient("59999999", hhu::Suite::tdea, hhu::generate_key(hhu::Suite::tdea));
  EXPECT_EQ(send(stranger.request(txns::echo, nlohmann::json::object(), now)).code, "A3");
  {
    pqxx::work tx(db);
    store::set_terminal_enabled(tx, "51010001", false);
    tx.commit();
  }
  EXPECT_EQ(send(terminal.request(txns::echo, nlohmann::json::object(), now)).code, "A3");
}

TEST_F(ReplayTest, Ipv4MappedPeerMatchesItsBoundAddress) {
  auto terminal = signed_on_terminal();
  EXPECT_EQ(send(terminal.request(txns::echo, nlohmann::json::object(), now), "::ffff:127.0.0.2").code, "00");
}

TEST_F(ReplayTest, WrongSuiteVersionOrFlagsAreA6) {
  auto terminal = signed_on_terminal();
  auto aes_impostor = hhu::TerminalClient("51010001", hhu::Suite::aes, hhu::generate_key(hhu::Suite::aes));
  EXPECT_EQ(send(aes_impostor.request(txns::echo, nlohmann::json::object(), now)).code, "A6");
  Bytes frame = terminal.request(txns::echo, nlohmann::json::object(), now);
  Bytes bad_version = frame;
  bad_version[4] = 0x02;
  EXPECT_EQ(send(bad_version).code, "A6");
  Bytes bad_flags = frame;
  bad_flags[5] = 0x03;
  EXPECT_EQ(send(bad_flags).code, "A6");
  Bytes bad_suite = frame;
  bad_suite[6] = 0x07;
  EXPECT_EQ(send(bad_suite).code, "A6");
}

TEST_F(ReplayTest, ChecksRunInTheSpecifiedOrder) {
  auto terminal = signed_on_terminal();
  const Bytes good = terminal.request(txns::echo, nlohmann::json::object(), now);
  const Bytes bad_mac = flip(good, good.size() - 1);
  // Address before MAC.
  EXPECT_EQ(send(bad_mac, "127.0.0.3").code, "A3");
  // Key version before MAC.
  Bytes unknown_kver_bad_mac = bad_mac;
  unknown_kver_bad_mac[28] = 0x77;
  EXPECT_EQ(send(unknown_kver_bad_mac).code, "A1");
  // MAC before SEQ.
  const Bytes stale_bad_mac =
      flip(terminal.request_with(txns::echo, nlohmann::json::object(), now, 1, terminal.key_version()), 60);
  EXPECT_EQ(send(stale_bad_mac).code, "A0");
  // VER before terminal.
  auto stranger = hhu::TerminalClient("59999999", hhu::Suite::tdea, hhu::generate_key(hhu::Suite::tdea));
  Bytes stranger_bad_version = stranger.request(txns::echo, nlohmann::json::object(), now);
  stranger_bad_version[4] = 0x09;
  EXPECT_EQ(send(stranger_bad_version).code, "A6");
}

TEST_F(ReplayTest, UnknownSuiteIsJudgedAfterTheTerminal) {
  auto stranger = hhu::TerminalClient("59999999", hhu::Suite::tdea, hhu::generate_key(hhu::Suite::tdea));
  Bytes frame = stranger.request(txns::echo, nlohmann::json::object(), now);
  frame[6] = 0x07;
  EXPECT_EQ(send(frame).code, "A3");  // §4: TID before "SUITE is the terminal's"
}

TEST_F(ReplayTest, TidThatIsNotDigitsIsA3AndJournaled) {
  auto terminal = enroll("51010001");
  Bytes frame = terminal.request(txns::echo, nlohmann::json::object(), now);
  frame[7] = 0xFF;  // not even UTF-8
  const auto o = send(frame);
  EXPECT_EQ(o.code, "A3");
  EXPECT_EQ(o.reason, "TID is not 8 digits");
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.journal WHERE kind = 'hhu_request_raw' AND tid = '\\xFF1010001'"), 1);
}

TEST_F(ReplayTest, FramesFromBeforeAResetSeqAreNeitherExecutedAgainNorAccepted) {
  auto terminal = signed_on_terminal();
  const Bytes old_echo = terminal.request(txns::echo, nlohmann::json::object(), now);
  const auto first = send(old_echo);
  ASSERT_EQ(first.code, "00");
  {
    pqxx::work tx(db);  // what `mstation terminal reset-seq` does
    store::start_new_seq_epoch(tx, "51010001");
    store::void_working_keys(tx, "51010001", now);
    tx.commit();
  }
  const auto again = send(old_echo);
  EXPECT_TRUE(again.retransmission);  // found across epochs: answered, not executed
  EXPECT_EQ(again.response, first.response);
  EXPECT_EQ(send(terminal.request(txns::echo, {{"n", 2}}, now)).code, "A1");  // the old keys died
}

TEST_F(ReplayTest, PlainErrorFrameEchoesTheRequestHeader) {
  auto terminal = signed_on_terminal();
  const auto o = send(terminal.request(txns::echo, nlohmann::json::object(), now), "127.0.0.3");
  const auto f = std::get<hhu::Frame>(hhu::parse_frame(o.response));
  EXPECT_EQ(f.header.tid, "51010001");
  EXPECT_EQ(f.header.seq, terminal.last_seq());
  EXPECT_EQ(f.header.txn, txns::echo);
  EXPECT_EQ(f.header.suite, 0x01);
  EXPECT_EQ(f.header.iv, hhu::Iv{});
  EXPECT_EQ(nlohmann::json::parse(f.payload.begin(), f.payload.end())["code"], "A3");
}

TEST_F(ReplayTest, UnparseableFrameIsClosedWithoutAnswer) {
  Bytes garbage{0x00, 0x40, 'G', 'E', 'T', ' ', '/'};
  garbage.resize(0x42, ' ');
  const auto o = send(garbage);
  EXPECT_EQ(o.action, Action::close);
  EXPECT_TRUE(o.response.empty());
}

TEST_F(ReplayTest, NonObjectJsonIs30AndUsesTheSeq) {
  auto terminal = signed_on_terminal();
  const auto outcome = send(terminal.request(txns::echo, "not an object", now));
  EXPECT_EQ(outcome.code, "30");
  EXPECT_EQ(terminal.open(outcome.response).code(), "30");  // a secured answer
  EXPECT_EQ(send(terminal.request_with(txns::echo, nlohmann::json::object(), now, terminal.last_seq(),
                                       terminal.key_version()))
                .code,
            "A2");  // the SEQ of the format error is used
}

TEST_F(ReplayTest, PayloadWithBadPaddingUnderAValidMacIs30) {
  const auto tmk = hhu::generate_key(hhu::Suite::tdea);
  enroll_with_tmk("51010009", tmk, "127.0.0.2", hhu::Suite::tdea);
  hhu::Header h;
  h.flags = hhu::flag_secured;
  h.suite = 0x01;
  h.tid = "51010009";
  h.seq = 1;
  h.time = hhu::to_bcd_time(now);
  h.txn = txns::echo;
  // Encrypt 16 bytes ending in 0x00 without padding: a valid MAC, an impossible PKCS#7 pad.
  const auto enc = hhu::master_encryption_key(tmk);
  Bytes block(16, 0x00);
  Bytes frame = hhu::build_plain_frame(h, std::string(16, 'x'));
  const auto cipher = hhu::encrypt_payload(hhu::Suite::tdea, enc, h.iv, block);  // 24 bytes with padding
  Bytes header(frame.begin(), frame.begin() + hhu::header_size);
  header[0] = 0;
  header[1] = static_cast<std::uint8_t>(43 + 16 + 8);
  header[5] = hhu::flag_secured;
  Bytes body(header);
  body.insert(body.end(), cipher.begin(), cipher.begin() + 16);  // drop the padding block
  const auto mac = hhu::compute_mac(hhu::Suite::tdea, hhu::master_mac_key(tmk), body);
  body.insert(body.end(), mac.begin(), mac.end());
  const auto outcome = send(body);
  EXPECT_EQ(outcome.code, "30") << outcome.reason;
  EXPECT_EQ(outcome.reason, "payload does not decrypt (length or padding)");
}

TEST_F(ReplayTest, HandlerFailureIs96NothingIsDoneAndTheAnswerIsKept) {
  auto terminal = enroll("51010001");
  {
    pqxx::work tx(db);  // a broken database object: the sign-on handler's INSERT fails
    tx.exec("CREATE FUNCTION mstation.refuse() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'broken on purpose'; END $$");
    tx.exec("CREATE TRIGGER refuse BEFORE INSERT ON mstation.working_key FOR EACH ROW EXECUTE FUNCTION mstation.refuse()");
    tx.commit();
  }
  const Bytes request = terminal.request(txns::sign_on, {{"operator_id", "0042"}, {"password", "123456"}}, now);
  const auto first = send(request);
  EXPECT_EQ(first.code, "96");
  EXPECT_EQ(terminal.open(first.response).code(), "96");
  EXPECT_EQ(scalar("SELECT key_version FROM mstation.terminal"), 0);  // nothing was done
  {
    pqxx::work tx(db);
    tx.exec("DROP TRIGGER refuse ON mstation.working_key");
    tx.commit();
  }
  EXPECT_EQ(send(request).response, first.response);  // the SEQ is used; its answer stays 96
}

TEST_F(ReplayTest, UnknownTxnUnderWorkingKeysIs12) {
  auto terminal = signed_on_terminal();
  EXPECT_EQ(exchange(terminal, 0x0999).code(), "12");
}

TEST_F(ReplayTest, ResetSeqStartsANewEpoch) {
  auto terminal = signed_on_terminal();
  terminal.set_last_seq(1000);
  EXPECT_EQ(exchange(terminal, txns::echo).code(), "00");
  {
    pqxx::work tx(db);
    EXPECT_EQ(store::start_new_seq_epoch(tx, "51010001"), 2);
    tx.commit();
  }
  terminal.set_last_seq(0);
  EXPECT_EQ(exchange(terminal, txns::echo).code(), "00");
  EXPECT_EQ(scalar("SELECT highest_seq FROM mstation.terminal"), 1);
}

TEST_F(ReplayTest, RetransmissionWhileTheOriginalIsInProgressWaits) {
  auto terminal = signed_on_terminal();
  const Bytes request = terminal.request(txns::echo, nlohmann::json::object(), now);
  reserved_elsewhere(terminal, request, "ms2");  // the original is still running there
  EXPECT_EQ(send(request).action, Action::wait_for_original);
  {
    pqxx::work tx(db);
    tx.exec("UPDATE mstation.terminal_request SET state = 'answered', response_frame = '\\x0102', response_code = '00'");
    tx.commit();
  }
  const auto answered = send(request);
  EXPECT_EQ(answered.action, Action::respond);
  EXPECT_EQ(answered.response, (Bytes{0x01, 0x02}));
}

TEST_F(ReplayTest, RequestLeftInProgressByADeadProcessIsExecutedInItsPlace) {
  auto terminal = signed_on_terminal();
  const Bytes request = terminal.request(txns::echo, nlohmann::json::object(), now);
  reserved_elsewhere(terminal, request, "dead");  // then its process died before answering
  EXPECT_EQ(send(request).action, Action::wait_for_original);
  const auto taken = processor.take_over(app, committer, {++exchange_id, "127.0.0.2"}, request);
  ASSERT_EQ(taken.action, Action::respond) << taken.reason;
  EXPECT_EQ(terminal.open(taken.response).code(), "00");
  const auto again = send(request);
  EXPECT_TRUE(again.retransmission);
  EXPECT_EQ(again.response, taken.response);  // the answer is stored like any other
  // A second take-over finds the answer and does not run the request again.
  EXPECT_EQ(processor.take_over(app, committer, {++exchange_id, "127.0.0.2"}, request).response, taken.response);
}

TEST_F(ReplayTest, ConcurrentCopiesOfOneRequestExecuteItOnce) {
  auto terminal = enroll("51010001");
  for (int round = 0; round < 10; ++round) {
    const Bytes request = terminal.request(txns::sign_on, {{"operator_id", "0042"}, {"password", "123456"}}, now);
    txn::Outcome outcomes[2];
    std::thread workers[2];
    for (int i = 0; i < 2; ++i) {
      workers[i] = std::thread([&, i] {
        pqxx::connection connection(database.daemon_conninfo());
        journal::DirectCommitter writes(connection, "test");
        outcomes[i] = processor.process(connection, writes, {100 + i, "127.0.0.2"}, request);
      });
    }
    for (auto& w : workers) w.join();
    int executed = 0;
    for (const auto& o : outcomes) {
      if (o.action == Action::respond && !o.retransmission) ++executed;
      if (o.action == Action::respond) {
        EXPECT_EQ(o.code, "00");
      }
    }
    EXPECT_EQ(executed, 1) << "round " << round;
    terminal.open(outcomes[0].action == Action::respond ? outcomes[0].response : outcomes[1].response);
  }
  EXPECT_EQ(scalar("SELECT key_version FROM mstation.terminal"), 10);
}

TEST_F(ReplayTest, PastItsLimitAnAddressFramesFailingBeforeTheMacAreCountedNotJournaledWhileAuthenticOnesPass) {
  auto terminal = signed_on_terminal();
  txn::Settings limited_settings;
  limited_settings.pre_mac_journal_per_minute = 3;
  txn::RequestProcessor limited(limited_settings, kek_source, [this] { return now; });
  const auto via = [&](const Bytes& frame, const std::string& peer) {
    return limited.process(app, committer, {++exchange_id, peer}, frame);
  };
  const Bytes good = terminal.request(txns::echo, nlohmann::json::object(), now);
  const Bytes bad = flip(good, good.size() - 1);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(via(bad, "127.0.0.2").code, "A0");
  const auto journaled = scalar("SELECT count(*) FROM mstation.journal");
  const auto over = via(bad, "127.0.0.2");
  EXPECT_EQ(over.action, txn::Outcome::Action::close);
  EXPECT_TRUE(over.over_pre_mac_limit);
  EXPECT_TRUE(over.response.empty());
  EXPECT_TRUE(via(Bytes{0x00, 0x03, 0x01, 0x02, 0x03}, "127.0.0.2").over_pre_mac_limit);  // bytes that are no frame
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.journal"), journaled);
  EXPECT_EQ(via(bad, "127.0.0.3").code, "A3");  // another address has its own count
  EXPECT_EQ(via(good, "127.0.0.2").code, "00");  // a frame whose MAC verifies is never limited
  const auto suppressed = limited.pre_mac_limiter().take_suppressed();
  ASSERT_EQ(suppressed.size(), 1u);
  EXPECT_EQ(suppressed[0].address, "127.0.0.2");
  EXPECT_EQ(suppressed[0].events, 2u);
  now += std::chrono::seconds(61);
  EXPECT_EQ(via(flip(good, 20), "127.0.0.2").code, "A0");  // a new minute: journaled again
}

}  // namespace
}  // namespace mstation::test
