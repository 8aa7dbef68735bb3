// Every file ingest reads (inventories, links, NetBox MAC pages) goes through base/read_file.h's
// checks: what is not a regular file is refused at once, and --max-file-bytes holds for each.
#include <gtest/gtest.h>

#include "base/read_file_test_util.h"
#include "ingest/ingest.h"

namespace kitwatch {
namespace {

using testing_support::expect_refuses_special_files;
using testing_support::expect_size_limit;

IngestOptions limited(std::uint64_t max_file_bytes) {
  IngestOptions options;
  options.max_file_bytes = max_file_bytes;
  return options;
}

Status inventory(const std::string& path, std::uint64_t max) {
  ElementStore store;
  IngestReport report;
  return ingest_inventory(path, limited(max), store, report);
}

Status links(const std::string& path, std::uint64_t max) {
  ElementStore store;
  IngestReport report;
  if (Status s = ingest_inventory_bytes("id\na\nb\n", "n.csv", {}, store, report); !s.ok()) return s;
  LinkTable table;
  return ingest_links(path, limited(max), store, table, report);
}

Status netbox_macs(const std::string& path, std::uint64_t max) {
  IngestOptions options = limited(max);
  options.format = InputFormat::kNetboxJson;
  options.netbox_mac_files = {path};
  ElementStore store;
  IngestReport report;
  return ingest_inventory_bytes(R"({"results": []})", "devices.json", options, store, report);
}

TEST(IngestInputFilesTest, AnInventoryMustBeARegularFile) {
  expect_refuses_special_files(inventory);
  expect_size_limit(inventory, "id,vendor\ne1,Acme\n");
}

TEST(IngestInputFilesTest, ALinksFileMustBeARegularFile) {
  expect_refuses_special_files(links);
  expect_size_limit(links, "a,b\na,b\n");
}

TEST(IngestInputFilesTest, ANetboxMacFileMustBeARegularFile) {
  expect_refuses_special_files(netbox_macs);
  expect_size_limit(netbox_macs, R"({"results": []})");
}

TEST(IngestInputFilesTest, TheDefaultFileLimitIsTheSharedOne) {
  EXPECT_EQ(IngestOptions{}.max_file_bytes, kDefaultMaxFileBytes);
}

}  // namespace
}  // namespace kitwatch
