#include "base/read_file.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "base/mapped_file.h"
#include "base/read_file_test_util.h"

namespace kitwatch {
namespace {

using testing_support::expect_refuses_special_files;
using testing_support::expect_size_limit;
using testing_support::refused_as;
using testing_support::ScratchFolder;
using testing_support::size_error;
using testing_support::status_of;

Status read_as_pack(const std::string& path, std::uint64_t max) {
  return status_of(read_file(path, max, "policy pack"));
}

Status map_as_inventory(const std::string& path, std::uint64_t max) {
  auto file = MappedFile::open(path, "inventory");
  if (!file.ok()) return file.status();
  return check_file_size(path, file->bytes().size(), max);
}

TEST(ReadFileTest, ReadsTheWholeFileByteForByte) {
  ScratchFolder scratch;
  std::string text = "line one\r\nline two\n";
  text.push_back('\0');
  text += "\xEF\xBB\xBF after a NUL";
  for (int i = 0; i < 20000; ++i) text += static_cast<char>('a' + i % 26);  // over one read's worth
  const std::string path = scratch.write("data.bin", text);
  auto read = read_file(path, kDefaultMaxFileBytes, "test file");
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(*read, text);
}

TEST(ReadFileTest, AnEmptyFileIsEmptyText) {
  ScratchFolder scratch;
  auto read = read_file(scratch.write("empty", ""), 0, "test file");
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(*read, "");
}

TEST(ReadFileTest, RefusesFifosFoldersAndDevicesWithoutBlocking) {
  expect_refuses_special_files(read_as_pack);
}

TEST(ReadFileTest, RefusesASocket) {
  ScratchFolder scratch;
  const std::string path = scratch.path("input.sock");
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  ASSERT_LT(path.size(), sizeof address.sun_path);
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  ASSERT_EQ(::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
  EXPECT_TRUE(refused_as(read_as_pack(path, kDefaultMaxFileBytes), path, "a socket"));
  ::close(fd);
}

TEST(ReadFileTest, AFileOverTheLimitIsALocatedInputError) {
  expect_size_limit(read_as_pack, "name: pack\nrules: []\n");
}

TEST(ReadFileTest, TheSizeMessageIsTheOneIngestHasAlwaysGiven) {
  EXPECT_EQ(check_file_size("inv.csv", 11, 10).message(),
            "inv.csv:1:1: the file is 11 bytes, more than the limit of 10 (raise it with --max-file-bytes)");
  EXPECT_EQ(check_file_size("inv.csv", 11, 10).message(), size_error("inv.csv", 11, 10));
  EXPECT_TRUE(check_file_size("inv.csv", 10, 10).ok());
}

TEST(ReadFileTest, AMissingFileNamesThePathWhatItIsAndWhy) {
  ScratchFolder scratch;
  const std::string path = scratch.path("missing.yaml");
  auto read = read_file(path, kDefaultMaxFileBytes, "registry overlay");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().kind(), ErrorKind::kIo);
  EXPECT_EQ(read.status().message(), path + ": cannot open the registry overlay: " + std::strerror(ENOENT));
}

TEST(ReadFileTest, AFileThatCannotBeReadIsAnIoError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads every file";
  ScratchFolder scratch;
  const std::string path = scratch.write("secret.csv", "a,b\n");
  ASSERT_EQ(::chmod(path.c_str(), 0), 0);
  auto read = read_file(path, kDefaultMaxFileBytes, "BOM");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().message(), path + ": cannot open the BOM: " + std::strerror(EACCES));
}

TEST(MappedFileTest, MapsARegularFile) {
  ScratchFolder scratch;
  const std::string path = scratch.write("inventory.csv", "id,vendor\ne1,Acme\n");
  auto file = MappedFile::open(path, "inventory");
  ASSERT_TRUE(file.ok()) << file.status().message();
  EXPECT_EQ(file->bytes(), "id,vendor\ne1,Acme\n");
  auto empty = MappedFile::open(scratch.write("empty.csv", ""), "inventory");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->bytes().empty());
}

TEST(MappedFileTest, RefusesWhatReadFileRefusesWithTheSameMessages) {
  expect_refuses_special_files(map_as_inventory);
  ScratchFolder scratch;
  auto missing = MappedFile::open(scratch.path("gone.csv"), "inventory");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(),
            scratch.path("gone.csv") + ": cannot open the inventory: " + std::strerror(ENOENT));
}

}  // namespace
}  // namespace kitwatch
