// hhu-protocol.md §3 and every test vector of §7.
#include <gtest/gtest.h>

#include "mstation/hhu/crypto.hpp"
#include "mstation/hhu/frame.hpp"
#include "support/hhu_vectors.hpp"

namespace mstation::hhu {
namespace {

Bytes hex(std::string_view text) { return test::hex_bytes(text); }

using namespace test::hhu_vectors;

TEST(HhuCryptoVectors, TmkKeyCheckValue) { EXPECT_EQ(key_check_value(Suite::tdea, tmk), "CBE6A7"); }

TEST(HhuCryptoVectors, MasterKeyVariants) {
  EXPECT_EQ(to_hex(master_encryption_key(tmk)), "0E2C4A6886A4C2E0F1D3B597795B3D1F0F1E2D3C4B5A6978");
  EXPECT_EQ(to_hex(master_mac_key(tmk)), "F1D3B597795B3D1F0E2C4A6886A4C2E0F0E1D2C3B4A59687");
}

TEST(HhuCryptoVectors, WorkingKeysWrappedUnderTmk) {
  EXPECT_EQ(to_hex(wrap_key(Suite::tdea, tmk, tdk)), "D59292A135C6BFABD47532AFC4958F312087AD7078665160");
  EXPECT_EQ(to_hex(wrap_key(Suite::tdea, tmk, tak)), "B575DCBB4C0758CD372C1D08A4F057BA1DBB68D53C2DA062");
  EXPECT_EQ(key_check_value(Suite::tdea, tdk), "35C59F");
  EXPECT_EQ(key_check_value(Suite::tdea, tak), "04AF13");
}

TEST(HhuCryptoVectors, UnwrapInvertsWrap) {
  const auto wrapped = hex("D59292A135C6BFABD47532AFC4958F312087AD7078665160");
  const auto clear = unwrap_key(Suite::tdea, tmk, wrapped);
  EXPECT_EQ(Bytes(clear.begin(), clear.end()), tdk);
}

TEST(HhuCryptoVectors, TdeaMacOfAbc) {
  EXPECT_EQ(to_hex(compute_mac(Suite::tdea, tak, to_bytes("abc"))), "480F5311350F30C1");
}

TEST(HhuCryptoVectors, AesTmkKeyCheckValue) { EXPECT_EQ(key_check_value(Suite::aes, aes_tmk), "7DF76B"); }

TEST(HhuCryptoVectors, SelfTestPasses) {
  std::string failure;
  EXPECT_TRUE(self_test(failure)) << failure;
}

TEST(HhuCrypto, CbcRoundTripsEveryLengthInBothSuites) {
  for (Suite suite : {Suite::tdea, Suite::aes}) {
    const auto key = generate_key(suite);
    const Iv iv = random_iv(suite);
    for (std::size_t n = 0; n <= 40; ++n) {
      const Bytes plain(n, static_cast<std::uint8_t>(n));
      const Bytes cipher = encrypt_payload(suite, key, iv, plain);
      EXPECT_EQ(cipher.size() % block_size(suite), 0u);
      EXPECT_GT(cipher.size(), plain.size());  // PKCS#7 always pads
      EXPECT_EQ(decrypt_payload(suite, key, iv, cipher), plain);
    }
  }
}

TEST(HhuCrypto, DecryptRejectsPartialBlocksAndBadPadding) {
  const auto key = generate_key(Suite::tdea);
  const Iv iv{};
  Bytes cipher = encrypt_payload(Suite::tdea, key, iv, to_bytes("{\"a\":1}"));
  EXPECT_FALSE(decrypt_payload(Suite::tdea, key, iv, std::span(cipher).first(cipher.size() - 1)));
  EXPECT_FALSE(decrypt_payload(Suite::tdea, key, iv, Bytes{}));
  const auto other = generate_key(Suite::tdea);  // wrong key: garbage padding, almost surely
  int accepted = 0;
  for (int i = 0; i < 20; ++i) accepted += decrypt_payload(Suite::tdea, generate_key(Suite::tdea), iv, cipher) ? 1 : 0;
  EXPECT_LT(accepted, 5);
  (void)other;
}

TEST(HhuCrypto, MacVerificationRejectsEveryFlippedBit) {
  for (Suite suite : {Suite::tdea, Suite::aes}) {
    const auto key = generate_key(suite);
    const Bytes data = to_bytes("a frame's header and ciphertext");
    const Mac mac = compute_mac(suite, key, data);
    EXPECT_TRUE(verify_mac(suite, key, data, mac));
    for (std::size_t bit = 0; bit < data.size() * 8; ++bit) {
      Bytes tampered = data;
      tampered[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
      EXPECT_FALSE(verify_mac(suite, key, tampered, mac)) << "bit " << bit;
    }
    for (std::size_t bit = 0; bit < 64; ++bit) {
      Mac tampered = mac;
      tampered[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
      EXPECT_FALSE(verify_mac(suite, key, data, tampered)) << "mac bit " << bit;
    }
  }
}

TEST(HhuCrypto, GeneratedTdeaKeysHaveOddParityAndDistinctParts) {
  for (int i = 0; i < 50; ++i) {
    const auto key = generate_key(Suite::tdea);
    ASSERT_EQ(key.size(), 24u);
    for (auto b : key) EXPECT_EQ(__builtin_popcount(b) % 2, 1);
    EXPECT_FALSE(std::equal(key.begin(), key.begin() + 8, key.begin() + 8));
    EXPECT_FALSE(std::equal(key.begin() + 8, key.begin() + 16, key.begin() + 16));
  }
}

TEST(HhuCrypto, VariantsOfAKeyWithParityKeepParity) {
  const auto key = generate_key(Suite::tdea);
  for (auto b : master_encryption_key(key)) EXPECT_EQ(__builtin_popcount(b) % 2, 1);
  for (auto b : master_mac_key(key)) EXPECT_EQ(__builtin_popcount(b) % 2, 1);
}

TEST(HhuCrypto, Suite01IvHasEightZeroBytesAtTheEnd) {
  const Iv iv = random_iv(Suite::tdea);
  for (std::size_t i = 8; i < 16; ++i) EXPECT_EQ(iv[i], 0);
}

TEST(HhuCrypto, WrongKeySizeIsRefused) {
  EXPECT_THROW(key_check_value(Suite::aes, tmk), std::invalid_argument);
  EXPECT_THROW(wrap_key(Suite::tdea, tmk, aes_tmk), std::invalid_argument);
}

}  // namespace
}  // namespace mstation::hhu
