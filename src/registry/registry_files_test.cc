// The registry's files (overlays, the IEEE MAC registry folder) are read with base/read_file.h:
// what is not a regular file is refused at once and --max-file-bytes holds. A missing IEEE folder
// or file only leaves MAC evidence off; one that is there but unreadable is an error.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

#include "base/read_file_test_util.h"
#include "registry/mac_registry.h"
#include "registry/registry.h"

namespace kitwatch {
namespace {

using testing_support::expect_refuses_special_files;
using testing_support::expect_size_limit;
using testing_support::refused_as;
using testing_support::ScratchFolder;
using testing_support::size_error;
using testing_support::status_of;

constexpr std::string_view kOui =
    "Registry,Assignment,Organization Name,Organization Address\n"
    "MA-L,30FBB8,\"HUAWEI TECHNOLOGIES CO.,LTD\",Shenzhen CN\n";

TEST(RegistryFilesTest, AnOverlayMustBeARegularFile) {
  expect_refuses_special_files(
      [](const std::string& path, std::uint64_t max) { return status_of(Registry::builtin({path}, max)); });
  expect_refuses_special_files(
      [](const std::string& path, std::uint64_t max) { return status_of(Registry::builtin_sources({path}, max)); });
  expect_size_limit(
      [](const std::string& path, std::uint64_t max) { return status_of(Registry::builtin({path}, max)); },
      "entities: []\n");
}

TEST(RegistryFilesTest, AMissingIeeeFolderOrFileLeavesTheMacRegistryEmpty) {
  ScratchFolder scratch;
  auto none = MacRegistry::load(scratch.path("no-such-folder"));
  ASSERT_TRUE(none.ok()) << none.status().message();
  EXPECT_FALSE(none->available());
  scratch.write("oui.csv", kOui);  // mam.csv, oui36.csv, iab.csv and .lastupdate are missing
  auto some = MacRegistry::load(scratch.path(""));
  ASSERT_TRUE(some.ok()) << some.status().message();
  EXPECT_EQ(some->assignments(), 1u);
}

TEST(RegistryFilesTest, AnIeeeFileThatIsThereMustBeARegularFile) {
  for (const char* name : {"oui.csv", "mam.csv", "iab.csv", ".lastupdate"}) {
    SCOPED_TRACE(name);
    {
      ScratchFolder scratch;
      const std::string fifo = scratch.fifo(name);
      testing_support::FifoWatchdog watchdog(fifo);
      const Status status = status_of(MacRegistry::load(scratch.path("")));
      EXPECT_FALSE(watchdog.fired()) << "MacRegistry::load blocked on a FIFO";
      EXPECT_TRUE(refused_as(status, fifo, "a FIFO"));
    }
    {
      ScratchFolder scratch;
      EXPECT_TRUE(refused_as(status_of(MacRegistry::load(scratch.path(""))), scratch.folder(name), "a directory"));
    }
    {
      ScratchFolder scratch;
      std::filesystem::create_symlink("/dev/zero", scratch.path(name));
      EXPECT_TRUE(refused_as(status_of(MacRegistry::load(scratch.path(""))), scratch.path(name), "a character device"));
    }
  }
}

TEST(RegistryFilesTest, AnIeeeFileOverTheLimitOrUnreadableIsAnError) {
  ScratchFolder scratch;
  const std::string oui = scratch.write("oui.csv", kOui);
  auto over = MacRegistry::load(scratch.path(""), kOui.size() - 1);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().message(), size_error(oui, kOui.size(), kOui.size() - 1));
  EXPECT_TRUE(MacRegistry::load(scratch.path(""), kOui.size()).ok());
  if (::geteuid() == 0) return;  // root reads every file
  std::filesystem::permissions(oui, std::filesystem::perms::none);
  auto unreadable = MacRegistry::load(scratch.path(""));
  ASSERT_FALSE(unreadable.ok());
  EXPECT_EQ(unreadable.status().kind(), ErrorKind::kIo);
  EXPECT_EQ(unreadable.status().message(), oui + ": cannot open the MAC registry file: " + std::strerror(EACCES));
}

}  // namespace
}  // namespace kitwatch
