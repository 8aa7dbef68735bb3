// load_policy_packs reads a pack file with base/read_file.h: a path that is there but is not a
// regular file is refused at once (not looked up as a shipped pack's name), and the size limit holds.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace kitwatch
