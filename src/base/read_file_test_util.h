// Test helpers for every reader of input files (base/read_file.h): a scratch folder with a FIFO,
// a folder and files in it, and checks that a loader refuses what is not a regular file, without
// blocking, and applies its size limit. Included by the readers' tests in each module.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "base/status.h"

namespace kitwatch::testing_support {

// A private folder, removed with everything in it when the object goes.
class ScratchFolder {
 public:
  ScratchFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "kitwatch-files-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
    path_ = pattern;
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  ~ScratchFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }

  std::string path(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, std::string_view text) const {
    std::ofstream(path(name), std::ios::binary) << text;
    return path(name);
  }
  std::string fifo(const std::string& name) const {
    if (mkfifo(path(name).c_str(), 0600) != 0) ADD_FAILURE() << "mkfifo failed";
    return path(name);
  }
  std::string folder(const std::string& name) const {
    std::filesystem::create_directories(path_ / name);
    return path(name);
  }

 private:
  std::filesystem::path path_;
};

// Should a reader open a FIFO blocking (the bug these tests are for), a test would hang on it. The
// watchdog turns that into a failure: after a few seconds it opens the FIFO for writing and closes
// it, which lets the blocked reader see the end of the file, and fired() says it had to.
class FifoWatchdog {
 public:
  explicit FifoWatchdog(std::string fifo) : fifo_(std::move(fifo)), thread_([this] { watch(); }) {}
  FifoWatchdog(const FifoWatchdog&) = delete;
  FifoWatchdog& operator=(const FifoWatchdog&) = delete;
  ~FifoWatchdog() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  bool fired() const { return fired_; }

 private:
  void watch() {
    std::unique_lock lock(mutex_);
    if (wake_.wait_for(lock, std::chrono::seconds(3), [this] { return done_; })) return;
    // O_NONBLOCK: opening for writing fails (ENXIO) until a reader has the FIFO open.
    while (!done_) {
      const int fd = ::open(fifo_.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
      if (fd >= 0) {
        fired_ = true;
        ::close(fd);
      }
      wake_.wait_for(lock, std::chrono::milliseconds(20), [this] { return done_; });
    }
  }

  std::string fifo_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::atomic<bool> fired_ = false;
  std::thread thread_;  // last: starts once the members it uses exist
};

template <typename T>
Status status_of(const Result<T>& result) {
  return result.ok() ? Status() : result.status();
}
inline Status status_of(const Status& status) {
  return status;
}

// A loader under test: reads path with the given size limit and says how it went.
using FileLoader = std::function<Status(const std::string& path, std::uint64_t max_file_bytes)>;

inline ::testing::AssertionResult refused_as(const Status& status, const std::string& path, std::string_view kind) {
  const std::string expected = path + ": not a regular file (" + std::string(kind) + ")";
  if (status.ok()) return ::testing::AssertionFailure() << "accepted " << path;
  if (status.kind() != ErrorKind::kIo || status.message().find(expected) == std::string::npos) {
    return ::testing::AssertionFailure() << "expected an io error with '" << expected << "', got '" << status.message()
                                         << "'";
  }
  return ::testing::AssertionSuccess();
}

// A FIFO (with no writer), a folder and /dev/zero are each refused with "PATH: not a regular file
// (KIND)", at once.
inline void expect_refuses_special_files(const FileLoader& load, std::uint64_t max_file_bytes = 64ull << 30) {
  ScratchFolder scratch;
  const std::string fifo = scratch.fifo("input.fifo");
  {
    FifoWatchdog watchdog(fifo);
    const Status status = load(fifo, max_file_bytes);
    EXPECT_FALSE(watchdog.fired()) << "the reader blocked on the FIFO";
    EXPECT_TRUE(refused_as(status, fifo, "a FIFO"));
  }
  const std::string folder = scratch.folder("input.d");
  EXPECT_TRUE(refused_as(load(folder, max_file_bytes), folder, "a directory"));
  EXPECT_TRUE(refused_as(load("/dev/zero", max_file_bytes), "/dev/zero", "a character device"));
}

// The message every reader gives for a file over its limit (base/read_file.cc words it).
inline std::string size_error(const std::string& path, std::uint64_t size, std::uint64_t limit) {
  return path + ":1:1: the file is " + std::to_string(size) + " bytes, more than the limit of " +
         std::to_string(limit) + " (raise it with --max-file-bytes)";
}

// text written to a file is refused, located at path:1:1, with a limit one byte short of it, and
// not for its size with a limit of exactly its size.
inline void expect_size_limit(const FileLoader& load, std::string_view text) {
  ScratchFolder scratch;
  const std::string path = scratch.write("input", text);
  const Status over = load(path, text.size() - 1);
  EXPECT_EQ(over.kind(), ErrorKind::kInput);
  EXPECT_EQ(over.message(), size_error(path, text.size(), text.size() - 1));
  const Status at_limit = load(path, text.size());
  EXPECT_EQ(at_limit.message().find("--max-file-bytes"), std::string::npos) << at_limit.message();
}

}  // namespace kitwatch::testing_support
