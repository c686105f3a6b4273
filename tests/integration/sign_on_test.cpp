// SIGN_ON, SIGN_OFF and ECHO through the request pipeline, against PostgreSQL.
#include "processor_fixture.hpp"
#include "support/hhu_vectors.hpp"

namespace mstation::test {
namespace {

using namespace std::chrono_literals;
namespace txns = txn::txns;

class SignOnTest : public ProcessorTest {};

TEST_F(SignOnTest, IssuesWorkingKeysThatTheTerminalThenUses) {
  auto terminal = enroll("51010001");
  add_operator("0042", "123456");
  const auto r = sign_on(terminal);
  ASSERT_TRUE(r.secured);
  EXPECT_EQ(r.code(), "00") << r.body.dump();
  EXPECT_EQ(r.body["key_version"], 1);
  EXPECT_EQ(r.body["operator_name"], "张三");
  EXPECT_EQ(r.body["business_date"], "2026-11-28");
  EXPECT_EQ(r.body["server_time"], "2026-11-28T10:30:15+08:00");
  EXPECT_EQ(r.body["next_seq"], 2);
  EXPECT_EQ(terminal.key_version(), 1);  // the client checked both KCVs

  const auto echo = exchange(terminal, txns::echo);
  EXPECT_TRUE(echo.secured);
  EXPECT_EQ(echo.code(), "00");
  EXPECT_EQ(echo.body["server_time"], "2026-11-28T10:30:15+08:00");
}

TEST_F(SignOnTest, SpecVectorRequestIsAnsweredUnderTheMasterKeyVariants) {
  const auto tmk = to_secret(hhu_vectors::tmk);
  enroll_with_tmk("51010001", tmk, "127.0.0.2", hhu::Suite::tdea);
  add_operator("0042", "123456");
  const Bytes& frame = hhu_vectors::sign_on_frame;
  const auto outcome = send(frame);
  ASSERT_EQ(outcome.action, txn::Outcome::Action::respond);
  EXPECT_EQ(outcome.code, "00") << outcome.reason;
  auto parsed = std::get<hhu::Frame>(hhu::parse_frame(outcome.response));
  EXPECT_EQ(parsed.header.flags, hhu::flag_response | hhu::flag_secured);
  EXPECT_EQ(parsed.header.kver, 0);
  EXPECT_EQ(parsed.header.seq, 7u);
  EXPECT_EQ(std::string(parsed.header.iv.begin() + 8, parsed.header.iv.end()), std::string(8, '\0'));
  const auto opened =
      hhu::open_secured_frame(parsed, hhu::Suite::tdea, hhu::master_encryption_key(tmk), hhu::master_mac_key(tmk));
  ASSERT_EQ(opened.status, hhu::Opened::Status::ok);
  EXPECT_EQ(nlohmann::json::parse(opened.plaintext)["next_seq"], 8);
}

TEST_F(SignOnTest, AesTerminalSignsOnAndEchoes) {
  auto terminal = enroll("51010002", "127.0.0.2", hhu::Suite::aes);
  add_operator("0042", "123456");
  EXPECT_EQ(sign_on(terminal).code(), "00");
  EXPECT_EQ(exchange(terminal, txns::echo).code(), "00");
}

TEST_F(SignOnTest, EchoUnderMasterKeysWorksBeforeSignOn) {
  auto terminal = enroll("51010001");
  const auto r = exchange(terminal, txns::echo);
  EXPECT_TRUE(r.secured);
  EXPECT_EQ(r.code(), "00");
}

TEST_F(SignOnTest, WrongPasswordIs55) {
  auto terminal = enroll("51010001");
  add_operator("0042", "123456");
  const auto r = sign_on(terminal, "0042", "654321");
  EXPECT_TRUE(r.secured);
  EXPECT_EQ(r.code(), "55");
  EXPECT_FALSE(terminal.signed_on());
}

TEST_F(SignOnTest, UnknownDisabledOrOtherStationOperatorIs55) {
  auto terminal = enroll("51010001");
  add_operator("0042", "123456");
  add_operator("0043", "123456", "另一供电所");
  add_operator("0044", "123456");
  {
    pqxx::work tx(db);
    tx.exec("UPDATE mstation.operator SET enabled = false WHERE operator_id = '0044'");
    tx.commit();
  }
  EXPECT_EQ(sign_on(terminal, "9999", "123456").code(), "55");
  EXPECT_EQ(sign_on(terminal, "0043", "123456").code(), "55");
  EXPECT_EQ(sign_on(terminal, "0044", "123456").code(), "55");
}

TEST_F(SignOnTest, FiveWrongPasswordsIn15MinutesLockTheOperatorAndRaiseAnAlert) {
  auto terminal = enroll("51010001");
  add_operator("0042", "123456");
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(sign_on(terminal, "0042", "wrong!").code(), "55") << i;
    now += 1min;
  }
  EXPECT_EQ(sign_on(terminal, "0042", "wrong!").code(), "56");
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.alert WHERE kind = 'operator_locked' AND subject = '0042'"), 1);
  now += 1min;
  EXPECT_EQ(sign_on(terminal, "0042", "123456").code(), "56");  // locked: even the right password
  now += 15min;
  EXPECT_EQ(sign_on(terminal, "0042", "123456").code(), "00");
}

TEST_F(SignOnTest, TenFailedSignOnsWithUnknownIdsRefuseTheTerminalUntilTheWindowPasses) {
  auto terminal = enroll("51010001");
  auto other = enroll("51010002", "127.0.0.3");
  add_operator("0042", "123456");
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(sign_on(terminal, std::to_string(9100 + i), "guess").code(), "55") << i;  // ids that do not exist
  }
  EXPECT_EQ(scalar("SELECT count(*) FROM mstation.alert WHERE kind = 'terminal_sign_on_locked' "
                   "AND subject = '51010001'"),
            1);
  EXPECT_EQ(sign_on(terminal, "0042", "123456").code(), "56") << "refused on this handheld, the right password too";
  EXPECT_EQ(sign_on(other, "0042", "123456", "127.0.0.3").code(), "00") << "the operator is not locked elsewhere";
  now += 16min;
  EXPECT_EQ(sign_on(terminal, "0042", "123456").code(), "00");
}

TEST_F(SignOnTest, WrongPasswordsSpreadOverMoreThan15MinutesDoNotLock) {
  auto terminal = enroll("51010001");
  add_operator("0042", "123456");
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(sign_on(terminal, "0042", "wrong!").code(), "55") << i;
    now += 4min;
  }
}

TEST_F(SignOnTest, MissingOrIllTypedFieldsAre30) {
  auto terminal = enroll("51010001");
  add_operator("0042", "123456");
  EXPECT_EQ(exchange(terminal, txns::sign_on, {{"operator_id", "0042"}}).code(), "30");
  EXPECT_EQ(exchange(terminal, txns::sign_on, {{"operator_id", 42}, {"password", "123456"}}).code(), "30");
}

TEST_F(SignOnTest, EachSignOnTakesTheNextKeyVersionWrappingAfter255) {
  auto terminal = enroll("51010001");
  add_operator("0042", "123456");
  EXPECT_EQ(sign_on(terminal).body["key_version"], 1);
  EXPECT_EQ(sign_on(terminal).body["key_version"], 2);
  {
    pqxx::work tx(db);
    tx.exec("UPDATE mstation.terminal SET key_version = 255");
    tx.commit();
  }
  EXPECT_EQ(sign_on(terminal).body["key_version"], 1);
  EXPECT_EQ(exchange(terminal, txns::echo).code(), "00");  // the reused version holds the new keys
}

TEST_F(SignOnTest, SignOffVoidsTheWorkingKeys) {
  auto terminal = enroll("51010001");
  add_operator("0042", "123456");
  sign_on(terminal);
  hhu::TerminalClient still_holding_keys = terminal;
  const auto off = exchange(terminal, txns::sign_off);
  EXPECT_EQ(off.code(), "00");
  EXPECT_EQ(off.body["net_fen"], 0);
  EXPECT_EQ(off.body["date"], "2026-11-28");
  EXPECT_FALSE(terminal.signed_on());
  still_holding_keys.set_last_seq(terminal.last_seq());
  const auto outcome = send(still_holding_keys.request(txns::echo, nlohmann::json::object(), now));
  EXPECT_EQ(outcome.code, "A1");
}

TEST_F(SignOnTest, DecryptedJournalFormsHaveSecretsMasked) {
  auto terminal = enroll("51010001");
  add_operator("0042", "123456");
  const auto outcome =
      send(terminal.request(txns::sign_on, {{"operator_id", "0042"}, {"password", "123456"}}, now));
  EXPECT_EQ(outcome.request_clear["password"], "***");
  EXPECT_EQ(outcome.request_clear["operator_id"], "0042");
  EXPECT_EQ(outcome.response_clear["tdk"], "***");
  EXPECT_EQ(outcome.response_clear["tak"], "***");
  EXPECT_EQ(outcome.response_clear["tdk_kcv"].get<std::string>().size(), 6u);
}

TEST_F(SignOnTest, WorkingKeysAreStoredOnlySealed) {
  auto terminal = enroll("51010001");
  add_operator("0042", "123456");
  const auto r = sign_on(terminal);
  pqxx::read_transaction tx(db);
  const auto row = tx.exec1("SELECT encode(tdk_wrapped, 'hex'), length(tdk_wrapped) FROM mstation.working_key");
  // Sealed: format byte + nonce + 24 bytes + tag, and not the TMK-wrapped form sent to the terminal.
  EXPECT_EQ(row[1].as<int>(), 1 + 12 + 24 + 16);
  EXPECT_EQ(row[0].as<std::string>().find(r.body["tdk"].get<std::string>()), std::string::npos);
}

}  // namespace
}  // namespace mstation::test
