// load_scenario reads with base/read_file.h: only a regular file, within --max-file-bytes.
#include <gtest/gtest.h>

#include "base/read_file_test_util.h"
#include "whatif/whatif.h"

namespace kitwatch {
namespace {

using testing_support::status_of;

Status load(const std::string& path, std::uint64_t max) {
  return status_of(load_scenario(path, max));
}

TEST(ScenarioFilesTest, AScenarioFileMustBeARegularFile) {
  testing_support::expect_refuses_special_files(load);
}

TEST(ScenarioFilesTest, AScenarioFileOverTheLimitIsALocatedError) {
  constexpr std::string_view kScenario = "scenario: t\noperations:\n  - as_of: 2024-01-01\n";
  testing_support::expect_size_limit(load, kScenario);
  testing_support::ScratchFolder scratch;
  auto scenario = load_scenario(scratch.write("s.yaml", kScenario), kScenario.size());
  EXPECT_TRUE(scenario.ok()) << scenario.status().message();
}

}  // namespace
}  // namespace kitwatch
