#include "base/progress.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace kitwatch {
namespace {

TEST(ProgressBarTest, RenderShowsShareRateAndTimeLeft) {
  // 442 of 884 MB in 2 s: half done, 221 MB/s, 2 s to go.
  const std::string line = ProgressBar::render("read", 442'000'000, 884'000'000, 2.0, 1e6, "MB");
  EXPECT_NE(line.find("[##########..........]"), std::string::npos) << line;
  EXPECT_NE(line.find(" 50%"), std::string::npos) << line;
  EXPECT_NE(line.find("442/884 MB"), std::string::npos) << line;
  EXPECT_NE(line.find("221 MB/s"), std::string::npos) << line;
  EXPECT_NE(line.find("ETA 2.0 s"), std::string::npos) << line;
}

TEST(ProgressBarTest, DoneHasNoTimeLeftAndNothingIsDrawnWhenDisabled) {
  EXPECT_EQ(ProgressBar::render("read", 10, 10, 1.0, 1, "rows").find("ETA"), std::string::npos);
  std::FILE* out = std::tmpfile();
  ASSERT_NE(out, nullptr);
  {
    ProgressBar bar("read", 100, /*enabled=*/false, 1, "rows", out);
    bar.update(50);
  }
  EXPECT_EQ(std::ftell(out), 0);
  {
    ProgressBar bar("read", 100, /*enabled=*/true, 1, "rows", out);
    bar.update(50);
  }
  EXPECT_GT(std::ftell(out), 0);  // drawn, then erased with a carriage return
  std::fclose(out);
}

}  // namespace
}  // namespace kitwatch
