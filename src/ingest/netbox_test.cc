// NetBox device pages, MAC files and the NetBox device CSV, read through the public ingest API
// from the fixtures in tests/data/netbox/ (NetBox 4.x output, pretty-printed as `jq .` writes it).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "ingest/ingest.h"

namespace kitwatch {
namespace {

std::string fixture(std::string_view name) {
  return std::string(KITWATCH_SOURCE_DIR) + "/tests/data/netbox/" + std::string(name);
}

std::string read_fixture(std::string_view name) {
  std::ifstream in(fixture(name), std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Writes text to a fresh file in the test's temporary directory and returns its path.
std::string temp_file(const std::string& name, const std::string& text) {
  std::string path = (std::filesystem::path(testing::TempDir()) / ("netbox_test_" + name)).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

struct Loaded {
  ElementStore store;
  IngestReport report;
  Status status;

  ElementIndex at(std::string_view id) const { return store.find(id); }
  std::string_view vendor(std::string_view id) const { return store.vendors.view(store.declared_vendor[at(id)]); }
  std::string_view model(std::string_view id) const { return store.models.view(store.model[at(id)]); }
  std::string_view site(std::string_view id) const { return store.sites.view(store.site[at(id)]); }
  std::string_view software(std::string_view id) const {
    return store.software_versions.view(store.software_version[at(id)]);
  }
  std::string_view tags(std::string_view id) const { return store.tag_sets.view(store.tag_set[at(id)]); }
  Function function(std::string_view id) const { return store.function[at(id)]; }
  std::string macs(std::string_view id) const {
    std::string out;
    for (Mac mac : store.macs_of(at(id))) out += (out.empty() ? "" : ";") + format_mac(mac);
    return out;
  }
};

std::unique_ptr<Loaded> load_files(const std::vector<std::string>& names, const IngestOptions& options = {}) {
  auto out = std::make_unique<Loaded>();
  for (const std::string& name : names) {
    out->status = ingest_inventory(fixture(name), options, out->store, out->report);
    if (!out->status.ok()) return out;
  }
  out->status = finish_inventory(options, out->store, out->report);
  return out;
}

std::unique_ptr<Loaded> load_bytes(std::string_view bytes, IngestOptions options = {}) {
  auto out = std::make_unique<Loaded>();
  options.format = InputFormat::kNetboxJson;
  out->status = ingest_inventory_bytes(bytes, "nb.json", options, out->store, out->report);
  return out;
}

IngestOptions with_macs(const std::vector<std::string>& names) {
  IngestOptions options;
  for (const std::string& name : names) options.netbox_mac_files.push_back(fixture(name));
  return options;
}

const std::vector<std::string> kPages = {"devices-page1.json", "devices-page2.json"};

TEST(NetboxDevicesTest, ReadsTwoPagesIntoElements) {
  auto l = load_files(kPages);
  ASSERT_TRUE(l->status.ok()) << l->status.message();
  EXPECT_EQ(l->report.rows_read, 8u);
  EXPECT_EQ(l->report.accepted, 7u);
  EXPECT_EQ(l->report.rejected, 1u);  // the second lon-core-01
  ASSERT_EQ(l->store.size(), 7u);
  EXPECT_EQ(l->store.id_of(0), "lon-core-01");
  EXPECT_EQ(l->store.id_of(6), "bri-pe-01");
  EXPECT_EQ(l->vendor("lon-core-01"), "Huawei");
  EXPECT_EQ(l->model("lon-core-01"), "NE40E-X8A");
  EXPECT_EQ(l->site("lon-core-01"), "London Docklands");
  EXPECT_EQ(l->store.serials.view(l->store.serial[l->at("lon-core-01")]), "2102351234567");
  EXPECT_EQ(l->vendor("man-olt-01"), "ZTE");
  EXPECT_EQ(l->model("man-olt-01"), "ZXA10 C600");
  EXPECT_EQ(l->site("bri-pe-01"), "Bristol Temple");
  EXPECT_EQ(l->store.origin[l->at("lon-agg-01")].line, 127u);
  EXPECT_EQ(l->store.source_files[l->store.origin[l->at("bri-pe-01")].file], fixture("devices-page2.json"));
}

// --max-depth reaches NetBox pages and MAC files: a device nested 12 deep reads under the default
// limit of 64 and is refused, located at the deep value (line 3), under a limit of 8.
TEST(NetboxDevicesTest, MaxDepthLimitsDevicePagesAndMacFiles) {
  std::string deep = "1";
  for (int i = 0; i < 10; ++i) deep = "[" + deep + "]";
  const std::string page = R"({"count": 1, "next": null, "previous": null, "results": [
  {"id": 7, "name": "deep-01", "role": {"name": "Core Router"},
   "device_type": {"model": "NE40E", "manufacturer": {"name": "Huawei"}}, "extra": )" +
                           deep + "}]}";
  auto loose = load_bytes(page);
  ASSERT_TRUE(loose->status.ok()) << loose->status.message();
  EXPECT_EQ(loose->report.accepted, 1u);

  IngestOptions strict_depth;
  strict_depth.max_depth = 8;
  auto refused = load_bytes(page, strict_depth);
  ASSERT_FALSE(refused->status.ok());
  EXPECT_NE(refused->status.message().find("nesting deeper than 8 levels"), std::string::npos)
      << refused->status.message();
  EXPECT_NE(refused->status.message().find("nb.json:3:"), std::string::npos) << refused->status.message();

  const std::string macs = R"({"count": 1, "next": null, "previous": null, "results": [
  {"id": 1, "mac_address": "00:11:22:33:44:55", "assigned_object": {"device": {"id": 7}}, "x": )" +
                           deep + "}]}";
  IngestOptions mac_depth;
  mac_depth.max_depth = 8;
  mac_depth.netbox_mac_files.push_back(temp_file("deep-macs.json", macs));
  auto mac_refused = load_bytes(page.substr(0, page.find(R"(, "extra")")) + "}]}", mac_depth);
  ASSERT_FALSE(mac_refused->status.ok());
  EXPECT_NE(mac_refused->status.message().find("nesting deeper than 8 levels"), std::string::npos)
      << mac_refused->status.message();
  EXPECT_NE(mac_refused->status.message().find("deep-macs.json:2:"), std::string::npos)
      << mac_refused->status.message();
}

TEST(NetboxDevicesTest, MapsRolesToFunctions) {
  auto l = load_files(kPages);
  ASSERT_TRUE(l->status.ok()) << l->status.message();
  EXPECT_EQ(l->function("lon-core-01"), Function::kCore);        // Core Router
  EXPECT_EQ(l->function("lon-agg-01"), Function::kAggregation);  // Aggregation Switch
  EXPECT_EQ(l->function("man-olt-01"), Function::kAccess);       // OLT
  EXPECT_EQ(l->function("man-ran-01"), Function::kRan);          // gNodeB
  EXPECT_EQ(l->function("netbox-device-105"), Function::kCpe);   // Customer CPE
  EXPECT_EQ(l->function("bri-oob-01"), Function::kManagement);   // OOB Console
  EXPECT_EQ(l->function("bri-pe-01"), Function::kOther);         // Service Edge, via device_role
}

TEST(NetboxDevicesTest, UserRoleMapWinsOverKeywords) {
  IngestOptions options;
  options.role_map.exact = {{"service edge", "aggregation"}, {"core router", "transport"}};
  auto l = load_files(kPages, options);
  ASSERT_TRUE(l->status.ok()) << l->status.message();
  EXPECT_EQ(l->function("bri-pe-01"), Function::kAggregation);
  EXPECT_EQ(l->function("lon-core-01"), Function::kTransport);
  EXPECT_EQ(l->function("man-olt-01"), Function::kAccess);
}

TEST(NetboxDevicesTest, SoftwareFromPlatformOrCustomField) {
  auto by_platform = load_files(kPages);
  ASSERT_TRUE(by_platform->status.ok());
  EXPECT_EQ(by_platform->software("lon-core-01"), "Huawei VRP");
  EXPECT_EQ(by_platform->software("man-ran-01"), "");  // no platform
  IngestOptions options;
  options.software_field = "sw_version";
  auto by_field = load_files(kPages, options);
  ASSERT_TRUE(by_field->status.ok());
  EXPECT_EQ(by_field->software("lon-core-01"), "V800R021C10SPC600");
  EXPECT_EQ(by_field->software("man-ran-01"), "22.Q4");
  EXPECT_EQ(by_field->software("man-olt-01"), "");  // the custom field is null: no fallback to the platform
}

TEST(NetboxDevicesTest, TagsBySlugPlusStatus) {
  auto l = load_files(kPages);
  ASSERT_TRUE(l->status.ok());
  EXPECT_EQ(l->tags("lon-core-01"), "5g;sensitive-site;status:active");
  EXPECT_EQ(l->tags("man-olt-01"), "fttp;status:decommissioning");
  EXPECT_EQ(l->tags("netbox-device-105"), "status:offline");  // offline devices are kept
  EXPECT_EQ(l->tags("bri-oob-01"), "status:planned");
}

TEST(NetboxDevicesTest, UnnamedDeviceGetsNetboxId) {
  auto l = load_files(kPages);
  ASSERT_TRUE(l->status.ok());
  const ElementIndex e = l->at("netbox-device-105");
  ASSERT_NE(e, kNoElement);
  EXPECT_EQ(l->store.names.view(l->store.name[e]), "");
  EXPECT_EQ(l->vendor("netbox-device-105"), "Huawei");
  EXPECT_EQ(l->model("netbox-device-105"), "EchoLife HG8245H");
}

TEST(NetboxDevicesTest, DuplicateNameIsRejectedWithItsLocation) {
  auto l = load_files(kPages);
  ASSERT_TRUE(l->status.ok());
  ASSERT_EQ(l->report.first_errors.size(), 1u);
  const RowError& e = l->report.first_errors[0];
  EXPECT_EQ(e.reason, "duplicate id");
  EXPECT_EQ(e.where.file, fixture("devices-page2.json"));
  EXPECT_EQ(e.where.line, 192u);
  EXPECT_EQ(e.where.column, 5u);
  EXPECT_NE(e.message.find("devices-page1.json:6"), std::string::npos) << e.message;
  EXPECT_EQ(l->site("lon-core-01"), "London Docklands");  // the first one stays
}

TEST(NetboxDevicesTest, StrictModeStopsAtTheFirstBadDevice) {
  IngestOptions options;
  options.strict = true;
  auto l = load_files(kPages, options);
  ASSERT_FALSE(l->status.ok());
  EXPECT_EQ(l->status.kind(), ErrorKind::kInput);
  EXPECT_EQ(l->status.message().rfind(fixture("devices-page2.json") + ":192:5 (field 'id'): ", 0), 0u)
      << l->status.message();
}

TEST(NetboxDevicesTest, ArrayOfPagesOrOfDevicesInOneFile) {
  const std::string pages = "[" + read_fixture("devices-page1.json") + "," + read_fixture("devices-page2.json") + "]";
  auto l = load_bytes(pages);
  ASSERT_TRUE(l->status.ok()) << l->status.message();
  EXPECT_EQ(l->report.accepted, 7u);
  EXPECT_EQ(l->report.rejected, 1u);
  EXPECT_EQ(l->report.first_errors.at(0).where.line, 508u + 192u);  // page 1 has 508 lines: line L of page 2 is 508 + L

  const std::string devices = R"([
    {"id": 1, "name": "r1", "device_type": {"manufacturer": {"name": "ZTE"}, "model": "ZXR10 M6000"}},
    {"id": 2, "name": null, "site": {"name": "Leeds", "region": {"name": "Yorkshire"}}}
  ])";
  auto bare = load_bytes(devices);
  ASSERT_TRUE(bare->status.ok()) << bare->status.message();
  EXPECT_EQ(bare->report.accepted, 2u);
  EXPECT_EQ(bare->vendor("r1"), "ZTE");
  EXPECT_EQ(bare->store.regions.view(bare->store.region[bare->at("netbox-device-2")]), "Yorkshire");
}

TEST(NetboxMacsTest, MacAddressesFileGivesDeviceMacs) {
  auto l = load_files(kPages, with_macs({"mac-addresses.json"}));
  ASSERT_TRUE(l->status.ok()) << l->status.message();
  EXPECT_EQ(l->macs("lon-core-01"), "30:fb:b8:00:00:01;30:fb:b8:00:00:02");
  EXPECT_EQ(l->macs("man-olt-01"), "08:60:83:00:00:10");
  EXPECT_EQ(l->macs("lon-agg-01"), "");
  EXPECT_EQ(l->report.accepted, 7u);  // MACs of VMs, unassigned MACs and unknown devices are ignored
  EXPECT_EQ(l->report.rejected, 1u);
}

TEST(NetboxMacsTest, InterfacesFileGivesDeviceMacs) {
  auto l = load_files(kPages, with_macs({"interfaces.json"}));
  ASSERT_TRUE(l->status.ok()) << l->status.message();
  EXPECT_EQ(l->macs("man-ran-01"), "6c:b7:49:00:00:01");
  EXPECT_EQ(l->macs("netbox-device-105"), "e0:24:7f:00:00:05");  // joined by NetBox id: the device has no name
  EXPECT_EQ(l->macs("lon-agg-01"), "a4:7b:2c:00:00:02;a4:7b:2c:00:00:03");
  EXPECT_EQ(l->macs("lon-core-01"), "30:fb:b8:00:00:01");
}

TEST(NetboxMacsTest, BothFilesTogetherAreMergedWithoutRepeats) {
  auto l = load_files(kPages, with_macs({"mac-addresses.json", "interfaces.json"}));
  ASSERT_TRUE(l->status.ok()) << l->status.message();
  EXPECT_EQ(l->macs("lon-core-01"), "30:fb:b8:00:00:01;30:fb:b8:00:00:02");
  EXPECT_EQ(l->macs("man-olt-01"), "08:60:83:00:00:10");
  EXPECT_EQ(l->macs("bri-pe-01"), "");
}

TEST(NetboxMacsTest, BadMacFileIsAnInputErrorWithLocation) {
  IngestOptions options;
  options.netbox_mac_files = {
      temp_file("bad-mac.json",
                "{\"results\": [\n  {\"mac_address\": \"00:11:22:33:44:55\", \"device\": {\"id\": 1}},\n"
                "  {\"mac_address\": \"zz:11\", \"device\": {\"id\": 1}}\n]}\n")};
  auto bad_mac = load_files(kPages, options);
  ASSERT_FALSE(bad_mac->status.ok());
  EXPECT_NE(bad_mac->status.message().find("bad-mac.json:3:3 (field 'mac_address'): 'zz:11'"), std::string::npos)
      << bad_mac->status.message();
  EXPECT_EQ(bad_mac->report.rows_read, 0u);  // nothing is committed before the MAC files are read

  options.netbox_mac_files = {
      temp_file("broken.json", "{\"results\": [\n  {\"mac_address\": \"00:11:22:33:44:55\",}\n]}")};
  auto broken = load_files(kPages, options);
  ASSERT_FALSE(broken->status.ok());
  EXPECT_NE(broken->status.message().find("broken.json:2:"), std::string::npos) << broken->status.message();

  options.netbox_mac_files = {fixture("no-such-file.json")};
  EXPECT_EQ(load_files(kPages, options)->status.kind(), ErrorKind::kIo);
}

TEST(NetboxErrorsTest, MacAndDeviceFilesSwappedAreErrors) {
  auto macs_as_devices = load_files({"interfaces.json"});
  ASSERT_FALSE(macs_as_devices->status.ok());
  EXPECT_NE(macs_as_devices->status.message().find("interfaces.json:6:5: this is an interface or MAC address"),
            std::string::npos)
      << macs_as_devices->status.message();

  auto devices_as_macs = load_files({"devices-page2.json"}, with_macs({"devices-page1.json"}));
  ASSERT_FALSE(devices_as_macs->status.ok());
  EXPECT_NE(devices_as_macs->status.message().find("devices-page1.json:6:5: this is a device"), std::string::npos)
      << devices_as_macs->status.message();
}

TEST(NetboxErrorsTest, MalformedPageNamesLineAndColumn) {
  const std::string text =
      "{\"count\": 2, \"next\": null, \"previous\": null, \"results\": [\n"
      "  {\"id\": 1, \"name\": \"a\"},\n"
      "  {\"id\": 2 \"name\": \"b\"}\n"
      "]}\n";
  auto l = load_bytes(text);
  ASSERT_FALSE(l->status.ok());
  EXPECT_EQ(l->status.kind(), ErrorKind::kInput);
  EXPECT_EQ(l->status.message().rfind("nb.json:3:17: malformed JSON: ", 0), 0u) << l->status.message();

  auto truncated = load_bytes(text.substr(0, text.size() - 10));
  ASSERT_FALSE(truncated->status.ok());
  EXPECT_EQ(truncated->status.message().rfind("nb.json:3:3: malformed JSON: ", 0), 0u) << truncated->status.message();

  auto bad_count = load_bytes("{\"count\": 2x, \"results\": []}");
  ASSERT_FALSE(bad_count->status.ok());
  EXPECT_EQ(bad_count->status.message().rfind("nb.json:1:12: malformed JSON", 0), 0u) << bad_count->status.message();

  auto trailing = load_bytes("{\"results\": []} {}");
  ASSERT_FALSE(trailing->status.ok());
  EXPECT_EQ(trailing->status.message().rfind("nb.json:1:17: unexpected text", 0), 0u) << trailing->status.message();
}

TEST(NetboxErrorsTest, ErrorResponseInsteadOfAPage) {
  auto l = load_bytes("{\"detail\": \"Invalid token.\"}\n");
  ASSERT_FALSE(l->status.ok());
  EXPECT_NE(l->status.message().find("nb.json:1:1: not a NetBox API page: NetBox answered \"Invalid token.\""),
            std::string::npos)
      << l->status.message();
  EXPECT_FALSE(load_bytes("")->status.ok());
}

TEST(NetboxErrorsTest, WrongTypesAreRejectedRowsWithTheDeviceLocation) {
  const std::string text =
      "[{\"results\": [\n"
      "  {\"id\": 1, \"name\": \"ok\"},\n"
      "  42,\n"
      "  {\"id\": 3, \"name\": \"s\", \"site\": \"Leeds\"},\n"
      "  {\"id\": 4, \"name\": \"t\", \"device_type\": {\"manufacturer\": {\"name\": 7}}},\n"
      "  {\"id\": \"5\", \"name\": \"\"},\n"
      "  {\"id\": 6, \"name\": \"u\", \"tags\": [\"5g\"]}\n"
      "]},\n"
      " {\"results\": {\"id\": 9}},\n"
      " \"page\"\n"
      "]\n";
  auto l = load_bytes(text);
  ASSERT_TRUE(l->status.ok()) << l->status.message();
  EXPECT_EQ(l->report.rows_read, 8u);
  EXPECT_EQ(l->report.accepted, 1u);
  EXPECT_EQ(l->report.rejected, 7u);
  const auto& e = l->report.first_errors;
  ASSERT_EQ(e.size(), 7u);
  EXPECT_EQ(e[0].where.to_string(), "nb.json:3:3");
  EXPECT_EQ(e[1].where.to_string(), "nb.json:4:3 (field 'site')");
  EXPECT_EQ(e[1].reason, "wrong JSON type");
  EXPECT_EQ(e[2].where.field, "device_type.manufacturer.name");
  EXPECT_EQ(e[3].where.field, "id");
  EXPECT_EQ(e[4].where.field, "tags");
  EXPECT_EQ(e[5].where.to_string(), "nb.json:9:14");  // "results" is not an array
  EXPECT_EQ(e[6].where.to_string(), "nb.json:10:2");  // a page that is not an object
}

TEST(NetboxErrorsTest, DeepNestingIsRefusedWithoutCrashing) {
  const std::string deep(200000, '[');
  for (const std::string& text :
       {"{\"results\": [" + deep, "{\"previous\": " + deep, "[" + deep,
        "{\"results\": [{\"id\": 1, \"name\": \"x\", \"custom_fields\": " + std::string(100000, '{')}) {
    auto l = load_bytes(text);
    ASSERT_FALSE(l->status.ok());
    EXPECT_NE(l->status.message().find("nesting deeper than 64 levels"), std::string::npos) << l->status.message();
  }
}

TEST(NetboxCsvTest, DeviceCsvExportReadsThroughTheGenericReader) {
  auto l = load_files({"devices.csv"});
  ASSERT_TRUE(l->status.ok()) << l->status.message();
  EXPECT_EQ(l->report.rows_read, 5u);
  EXPECT_EQ(l->report.accepted, 5u);
  EXPECT_EQ(l->store.id_of(0), "lon-core-01");  // the name doubles as the id
  EXPECT_EQ(l->vendor("lon-core-01"), "Huawei");
  EXPECT_EQ(l->model("man-olt-01"), "ZXA10 C600");
  EXPECT_EQ(l->software("lon-core-01"), "Huawei VRP");
  EXPECT_EQ(l->site("man-ran-01"), "Manchester Central");
  EXPECT_EQ(l->store.serials.view(l->store.serial[l->at("man-olt-01")]), "ZTEG12345678");
  EXPECT_EQ(l->function("lon-core-01"), Function::kCore);
  EXPECT_EQ(l->function("man-olt-01"), Function::kAccess);
  EXPECT_EQ(l->function("man-ran-01"), Function::kRan);
  EXPECT_EQ(l->tags("lon-core-01"), "5g;sensitive-site");  // quoted, comma-separated slugs
  EXPECT_EQ(l->tags("bri-pe-01"), "5g;core-site");
  EXPECT_EQ(l->tags("man-olt-01"), "fttp");
  for (const char* column : {"status", "tenant", "rack", "comments"}) {
    EXPECT_NE(std::find(l->report.ignored_columns.begin(), l->report.ignored_columns.end(), column),
              l->report.ignored_columns.end())
        << column;
  }
}

TEST(NetboxCsvTest, TableExportNeedsItsIdColumnIgnored) {
  // "Export → Current view" writes the table's column titles, and its ID column is NetBox's number.
  const std::string csv =
      "ID,Name,Status,Role,Manufacturer,Type,Platform,Serial number,Site,Region,Tags\n"
      "101,lon-core-01,Active,Core Router,Huawei,NE40E-X8A,Huawei VRP,2102351234567,London Docklands,London,\"5G, "
      "Sensitive Site\"\n";
  auto raw = std::make_unique<Loaded>();
  raw->status = ingest_inventory_bytes(csv, "table.csv", {}, raw->store, raw->report);
  ASSERT_TRUE(raw->status.ok()) << raw->status.message();
  EXPECT_EQ(raw->store.id_of(0), "101");

  IngestOptions options;
  options.column_map = {{"ID", "ignore"}};
  auto l = std::make_unique<Loaded>();
  l->status = ingest_inventory_bytes(csv, "table.csv", options, l->store, l->report);
  ASSERT_TRUE(l->status.ok()) << l->status.message();
  EXPECT_EQ(l->store.id_of(0), "lon-core-01");
  EXPECT_EQ(l->model("lon-core-01"), "NE40E-X8A");
  EXPECT_EQ(l->store.regions.view(l->store.region[0]), "London");
  EXPECT_EQ(l->store.serials.view(l->store.serial[0]), "2102351234567");
  EXPECT_EQ(l->function("lon-core-01"), Function::kCore);
}

}  // namespace
}  // namespace kitwatch
