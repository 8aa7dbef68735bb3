// base/output_file.h: an output is put in place whole or not at all. A writer that fails, throws
// or is killed with SIGKILL half way leaves the previous file byte-identical and nothing else in
// the folder; devices are written directly.
#include "base/output_file.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace kitwatch {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("kitwatch-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(dir)) out.push_back(entry.path().filename().string());
  return out;
}

TEST(OutputFileTest, AFileIsWrittenWholeAndNothingElseIsLeftBeside) {
  const fs::path dir = fresh_dir("output-new");
  const fs::path report = dir / "report.json";
  ASSERT_TRUE(write_file(report.string(), "{\"a\": 1}\n").ok());
  EXPECT_EQ(read_text(report), "{\"a\": 1}\n");
  ASSERT_TRUE(write_file(report.string(), "{\"a\": 2}\n").ok());  // replaced
  EXPECT_EQ(read_text(report), "{\"a\": 2}\n");
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"report.json"});
  // The umask decides a new file's mode, as for any program's output.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  EXPECT_EQ(fs::status(report).permissions(), static_cast<fs::perms>(0666 & ~mask));
  fs::remove_all(dir);
}

TEST(OutputFileTest, AWriterThatFailsOrThrowsLeavesThePreviousFileByteIdentical) {
  const fs::path dir = fresh_dir("output-fail");
  const fs::path report = dir / "report.html";
  const std::string old = "<html>the good report</html>\n";
  ASSERT_TRUE(write_file(report.string(), old).ok());
  const Status failed = write_file_with(report.string(), [](std::ostream& out) {
    out << std::string(3 << 20, 'x');  // past the buffer: some of it reached the file
    out.setstate(std::ios::badbit);    // as a full disk leaves the stream
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.message().find(report.string()), std::string::npos) << failed.message();
  EXPECT_EQ(read_text(report), old);
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"report.html"});
  EXPECT_THROW(write_file_with(report.string(),
                               [](std::ostream& out) {
                                 out << std::string(3 << 20, 'y');
                                 throw std::runtime_error("renderer failed");
                               }),
               std::runtime_error);
  EXPECT_EQ(read_text(report), old);
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"report.html"});
  fs::remove_all(dir);
}

TEST(OutputFileTest, AWriterKilledHalfWayLeavesThePreviousFileAndNoPartialOne) {
  const fs::path dir = fresh_dir("output-kill");
  const fs::path report = dir / "report.json";
  const std::string old = "{\"complete\": true}\n";
  ASSERT_TRUE(write_file(report.string(), old).ok());
  int started[2];
  ASSERT_EQ(::pipe(started), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    (void)write_file_with(report.string(), [&](std::ostream& out) {
      out << std::string(8 << 20, 'z') << std::flush;  // on disk, in the temporary file
      (void)!::write(started[1], "1", 1);
      ::pause();  // killed here
    });
    ::_exit(0);
  }
  char byte = 0;
  ASSERT_EQ(::read(started[0], &byte, 1), 1);
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  ::close(started[0]);
  ::close(started[1]);
  EXPECT_EQ(read_text(report), old);
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"report.json"});
  fs::remove_all(dir);
}

TEST(OutputFileTest, DevicesAreWrittenDirectlyAndAMissingFolderIsNamed) {
  EXPECT_TRUE(write_file("/dev/null", "discarded\n").ok());
  const Status missing = write_file("/nonexistent-kitwatch-folder/report.json", "x");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.message().find("/nonexistent-kitwatch-folder/report.json"), std::string::npos);
}

}  // namespace
}  // namespace kitwatch
