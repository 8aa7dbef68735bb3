// load_policy_packs reads a pack file with base/read_file.h: a path that is there but is not a
// regular file is refused at once (not looked up as a shipped pack's name), and the size limit holds.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "base/read_file_test_util.h"
#include "policy/policy.h"
#include "test_support.h"

namespace kitwatch {
namespace {

using testing_support::status_of;

Status load_pack(const std::string& path, std::uint64_t max) {
  return status_of(load_policy_packs({path}, max));
}

TEST(PackSelectFilesTest, APackFileMustBeARegularFile) {
  testing_support::expect_refuses_special_files(load_pack);
}

TEST(PackSelectFilesTest, APackFileOverTheLimitIsALocatedError) {
  std::ifstream in(testing_support::source("tests/data/policy/core_ban.policy.yaml"), std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(text.empty());
  testing_support::expect_size_limit(load_pack, text);
  testing_support::ScratchFolder scratch;
  EXPECT_TRUE(load_pack(scratch.write("core_ban.policy.yaml", text), text.size()).ok());
}

TEST(PackSelectFilesTest, ANameThatIsNoFileStillFindsAShippedPack) {
  auto packs = load_policy_packs({"uk-huawei-dvd"});
  ASSERT_TRUE(packs.ok()) << packs.status().message();
  ASSERT_EQ(packs->size(), 1u);
}

// A file in the working folder named like a shipped pack never replaces it (issue 25: a stray
// file with no rules made the gate pass where the shipped pack fails it). ./NAME reads the file.
TEST(PackSelectFilesTest, AFileNamedLikeAShippedPackDoesNotShadowIt) {
  testing_support::ScratchFolder scratch;
  const std::string fake =
      "pack: uk-huawei-dvd\ntitle: a stray copy\nsuppliers: entity.lists has [uk-tsa-designated]\nrules:\n  - {id: "
      "X, kind: prohibit, source: s}\n";
  scratch.write("uk-huawei-dvd", fake);
  scratch.write("mine", fake);
  const std::filesystem::path before = std::filesystem::current_path();
  std::filesystem::current_path(scratch.path("."));
  auto shipped = load_policy_packs({"uk-huawei-dvd"});
  auto file = load_policy_packs({"./uk-huawei-dvd"});
  auto unknown = load_policy_packs({"mine"});
  std::filesystem::current_path(before);

  ASSERT_TRUE(shipped.ok()) << shipped.status().message();
  EXPECT_EQ(shipped->front().title.rfind("UK designated vendor direction", 0), 0u) << shipped->front().title;
  EXPECT_EQ(shipped->front().rules.size(), 9u);
  EXPECT_NE(shipped->front().load_note.find("was not read (give ./uk-huawei-dvd to read it)"), std::string::npos)
      << shipped->front().load_note;
  ASSERT_TRUE(file.ok()) << file.status().message();
  EXPECT_EQ(file->front().title, "a stray copy");
  EXPECT_TRUE(file->front().load_note.empty());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().kind(), ErrorKind::kUsage);
  EXPECT_NE(unknown.status().message().find("to read the file mine give it as ./mine"), std::string::npos)
      << unknown.status().message();
}

}  // namespace
}  // namespace kitwatch
