#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "mstation/keys/kek_source.hpp"
#include "support/temp_dir.hpp"

namespace mstation::keys {
namespace {

namespace fs = std::filesystem;

// A KEK rotation as `mstation keys rotate-kek` leaves the files: the new key
// as FILE, the old one as FILE.previous.
class KekSourceTest : public ::testing::Test {
 protected:
  void SetUp() override { KekRing::create_file(file); }

  std::string rotate_files() {
    const fs::path next = file.string() + ".next";
    KekRing::create_file(next);
    fs::rename(file, file.string() + ".previous");
    fs::rename(next, file);
    return KekRing::load(file).current_id();
  }

  test::TempDir dir;
  fs::path file = dir.path() / "kek.key";
};

TEST_F(KekSourceTest, FilesThatDidNotChangeAreNotReloaded) {
  KekSource source(file);
  const auto before = source.current();
  const auto r = source.reload_if_changed();
  EXPECT_FALSE(r.changed);
  EXPECT_FALSE(r.problem);
  EXPECT_EQ(source.current(), before);
}

TEST_F(KekSourceTest, ARotationOnDiskIsPickedUpWithBothKeysInTheRing) {
  KekSource source(file);
  const auto old_id = source.current()->current_id();
  const auto new_id = rotate_files();
  const auto r = source.reload_if_changed();
  EXPECT_TRUE(r.changed);
  const auto ring = source.current();
  EXPECT_EQ(ring->current_id(), new_id);
  EXPECT_TRUE(ring->has(old_id));  // keys sealed before the rotation still open
}

TEST_F(KekSourceTest, AKeyFileThatCannotBeUsedKeepsTheRingInForceAndSaysWhy) {
  KekSource source(file);
  const auto before = source.current();
  fs::permissions(file, fs::perms::others_read, fs::perm_options::add);
  const auto r = source.reload_if_changed();
  ASSERT_TRUE(r.problem);
  EXPECT_NE(r.problem->find(file.string()), std::string::npos) << *r.problem;
  EXPECT_EQ(source.current(), before);
  EXPECT_FALSE(source.reload_if_changed().problem);  // said once, not at every poll
}

TEST_F(KekSourceTest, AStoredKeyUnderAKekNotLoadedMakesTheSourceReadTheFilesAtOnce) {
  KekSource source(file);
  const auto new_id = rotate_files();
  EXPECT_TRUE(source.ring_with(new_id)->has(new_id));
}

TEST_F(KekSourceTest, AKekThatIsGoneCostsAtMostOneReadASecond) {
  KekSource source(file);
  const auto first = source.ring_with("000000000000");
  EXPECT_FALSE(first->has("000000000000"));
  rotate_files();
  // Within the second, the files are not read again: the ring is the one loaded just now.
  EXPECT_EQ(source.ring_with("000000000000"), source.current());
  EXPECT_EQ(source.current(), first);
}

}  // namespace
}  // namespace mstation::keys
