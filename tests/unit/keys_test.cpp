#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "mstation/keys/kek.hpp"
#include "mstation/common/password.hpp"
#include "support/temp_dir.hpp"

namespace mstation::keys {
namespace {

namespace fs = std::filesystem;

class KekTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  fs::path file = dir.path() / "kek.key";
};

TEST_F(KekTest, CreatedFileIsPrivateAndLoads) {
  KekRing::create_file(file);
  struct stat info {};
  ASSERT_EQ(stat(file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(KekRing::load(file).current_id().size(), 12u);
}

TEST_F(KekTest, CreateRefusesToOverwrite) {
  KekRing::create_file(file);
  EXPECT_THROW(KekRing::create_file(file), std::runtime_error);
}

TEST_F(KekTest, FileReadableByOthersIsRefused) {
  KekRing::create_file(file);
  fs::permissions(file, fs::perms::others_read, fs::perm_options::add);
  try {
    KekRing::load(file);
    FAIL() << "loaded a world-readable KEK";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("chmod 600"), std::string::npos) << e.what();
  }
}

// The message of loading `path` as the KEK, or "" when it loaded.
std::string refusal_of(const fs::path& path) {
  try {
    KekRing::load(path);
    return "";
  } catch (const KeyFileRefused& e) {
    return e.what();
  }
}

TEST_F(KekTest, ASymlinkInPlaceOfTheFileIsRefused) {
  const auto real = dir.path() / "elsewhere.key";
  KekRing::create_file(real);
  fs::create_symlink(real, file);
  EXPECT_NE(refusal_of(file).find("is a symbolic link"), std::string::npos) << refusal_of(file);
}

TEST_F(KekTest, ADirectoryInPlaceOfTheFileIsRefused) {
  fs::create_directory(file);
  fs::permissions(file, fs::perms::owner_all, fs::perm_options::replace);
  EXPECT_NE(refusal_of(file).find("is not a regular file"), std::string::npos) << refusal_of(file);
}

TEST_F(KekTest, AFileOwnedByAnotherUserIsRefused) {
  KekRing::create_file(file);
  const uid_t other = geteuid() == 0 ? 65534 : 0;
  if (chown(file.c_str(), other, static_cast<gid_t>(-1)) != 0) GTEST_SKIP() << "cannot chown here (not root)";
  EXPECT_NE(refusal_of(file).find("is owned by uid " + std::to_string(other)), std::string::npos) << refusal_of(file);
}

TEST_F(KekTest, AFileWithMoreThanTheKeyIsRefused) {
  KekRing::create_file(file);
  {
    std::ofstream out(file, std::ios::app);
    out << "00";
  }
  EXPECT_NE(refusal_of(file).find("does not hold 64 hex digits"), std::string::npos) << refusal_of(file);
}

TEST_F(KekTest, MissingFileNamesTheFixInItsMessage) {
  try {
    KekRing::load(file);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("mstation keys init"), std::string::npos) << e.what();
  }
}

TEST_F(KekTest, SealedKeysOpenOnlyInTheirContextAndUntampered) {
  KekRing::create_file(file);
  const auto ring = KekRing::load(file);
  const Bytes secret{1, 2, 3, 4, 5, 6, 7, 8};
  const Bytes sealed = ring.seal(secret, "tmk:51010001");
  const auto opened = ring.open(sealed, ring.current_id(), "tmk:51010001");
  EXPECT_EQ(Bytes(opened.begin(), opened.end()), secret);
  EXPECT_THROW(ring.open(sealed, ring.current_id(), "tmk:51010002"), std::runtime_error);
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    Bytes tampered = sealed;
    tampered[i] ^= 0x80;
    EXPECT_THROW(ring.open(tampered, ring.current_id(), "tmk:51010001"), std::runtime_error) << i;
  }
  EXPECT_THROW(ring.open(sealed, "000000000000", "tmk:51010001"), std::runtime_error);
}

TEST_F(KekTest, SealingTwiceGivesDifferentBytes) {
  KekRing::create_file(file);
  const auto ring = KekRing::load(file);
  const Bytes secret(24, 0x11);
  EXPECT_NE(ring.seal(secret, "x"), ring.seal(secret, "x"));
}

TEST_F(KekTest, RingLoadsNextAndPreviousFilesBeside) {
  KekRing::create_file(file);
  const auto first = KekRing::load(file);
  const Bytes sealed_first = first.seal(Bytes(16, 7), "c");
  fs::rename(file, file.string() + ".previous");
  KekRing::create_file(file);
  const auto ring = KekRing::load(file);
  EXPECT_NE(ring.current_id(), first.current_id());
  EXPECT_TRUE(ring.has(first.current_id()));
  EXPECT_EQ(ring.open(sealed_first, first.current_id(), "c").size(), 16u);
}

TEST(Password, VerifiesTheRightPasswordOnly) {
  const auto stored = hash_password("123456", 1000);
  EXPECT_TRUE(verify_password("123456", stored));
  EXPECT_FALSE(verify_password("123457", stored));
  EXPECT_FALSE(verify_password("", stored));
}

TEST(Password, SaltsDiffer) {
  const auto a = hash_password("123456", 1000);
  const auto b = hash_password("123456", 1000);
  EXPECT_NE(a.salt, b.salt);
  EXPECT_NE(a.hash, b.hash);
}

TEST(Password, DefaultIterationsAreStoredWithTheHash) {
  EXPECT_EQ(hash_password("123456").iterations, default_pbkdf2_iterations);
}

}  // namespace
}  // namespace mstation::keys
