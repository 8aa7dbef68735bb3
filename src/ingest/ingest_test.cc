#include "ingest/ingest.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace kitwatch {
namespace {

struct Loaded {
  ElementStore store;
  IngestReport report;
  Status status;
};

std::unique_ptr<Loaded> load(std::string_view bytes, const std::string& name, IngestOptions options = {}) {
  auto out = std::make_unique<Loaded>();
  out->status = ingest_inventory_bytes(bytes, name, options, out->store, out->report);
  if (out->status.ok()) out->status = finish_inventory(options, out->store, out->report);
  return out;
}

constexpr std::string_view kGoodCsv =
    "id,function,vendor,model,traffic,subscribers,mac,uplink,tags,installed\n"
    "c1,core,\"HUAWEI TECHNOLOGIES CO.,LTD\",NE40E,100.5,0,30:fb:b8:00:00:01,,5G,2019-05-01\n"
    "a1,ACCESS,zte corp,ZXA10 C300,10,50,\"08-60-83-00-00-01;0860.8300.0002\",c1,\"fttp;5g\",\n"
    "p1,cpe,BT,Home Hub,1,1,,a1,,\n";

TEST(IngestCsvTest, ReadsEveryFieldOfGoodRows) {
  auto l = load(kGoodCsv, "inv.csv");
  ASSERT_TRUE(l->status.ok()) << l->status.message();
  EXPECT_EQ(l->report.rows_read, 3u);
  EXPECT_EQ(l->report.accepted, 3u);
  EXPECT_EQ(l->report.rejected, 0u);
  const ElementStore& s = l->store;
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s.vendors.view(s.declared_vendor[0]), "HUAWEI TECHNOLOGIES CO.,LTD");
  EXPECT_EQ(s.function[1], Function::kAccess);
  EXPECT_DOUBLE_EQ(s.traffic[0], 100.5);
  EXPECT_DOUBLE_EQ(s.subscribers[1], 50);
  ASSERT_EQ(s.macs_of(1).size(), 2u);
  EXPECT_EQ(s.macs_of(1)[1], 0x086083000002ull);
  EXPECT_EQ(s.uplink[1], 0u);
  EXPECT_EQ(s.uplink[2], 1u);
  EXPECT_EQ(s.tag_sets.view(s.tag_set[1]), "5g;fttp");
  EXPECT_EQ(s.installed[0], Date::parse("2019-05-01")->days());
  EXPECT_EQ(s.installed[1], kNoDate);
  EXPECT_EQ(s.origin[2].line, 4u);
}

TEST(IngestCsvTest, LenientModeCountsEachBadRowWithItsLocation) {
  const std::string csv =
      "id,function,vendor,traffic,mac,installed\n"
      "ok1,core,Nokia,1,,\n"
      "bad-mac,core,Nokia,1,zz:zz,\n"        // line 3
      "bad-traffic,core,Nokia,NaN,,\n"       // line 4
      "bad-date,core,Nokia,1,,2023-02-30\n"  // line 5
      "ok1,core,Nokia,1,,\n"                 // line 6: duplicate id
      "short,core\n"                         // line 7
      "bad-fn,router,Nokia,1,,\n"            // line 8
      "neg,core,Nokia,-3,,\n"                // line 9
      ",core,Nokia,1,,\n"                    // line 10: no id
      "ok2,core,Nokia,1,,\n";
  auto l = load(csv, "inv.csv");
  ASSERT_TRUE(l->status.ok());
  EXPECT_EQ(l->report.rows_read, 10u);
  EXPECT_EQ(l->report.accepted, 2u);
  EXPECT_EQ(l->report.rejected, 8u);
  EXPECT_EQ(l->report.rows_read, l->report.accepted + l->report.rejected);
  ASSERT_EQ(l->report.first_errors.size(), 8u);
  const auto& e = l->report.first_errors;
  EXPECT_EQ(e[0].reason, "bad MAC");
  EXPECT_EQ(e[0].where.line, 3u);
  EXPECT_EQ(e[0].where.column, 22u);
  EXPECT_EQ(e[1].reason, "bad traffic");
  EXPECT_EQ(e[1].where.to_string(), "inv.csv:4:24 (field 'traffic')");
  EXPECT_EQ(e[2].reason, "bad date");
  EXPECT_EQ(e[3].reason, "duplicate id");
  EXPECT_NE(e[3].message.find("inv.csv:2"), std::string::npos);
  EXPECT_EQ(e[4].reason, "wrong column count");
  EXPECT_EQ(e[4].where.line, 7u);
  EXPECT_EQ(e[5].reason, "bad function");
  EXPECT_EQ(e[6].reason, "bad traffic");
  EXPECT_EQ(e[7].reason, "missing id");
  EXPECT_EQ(l->report.rejected_by_reason.at("bad traffic"), 2u);
}

TEST(IngestCsvTest, StrictModeStopsAtTheFirstBadRow) {
  IngestOptions options;
  options.strict = true;
  auto l = load("id,traffic\na,1\nb,x\nc,2\n", "s.csv", options);
  ASSERT_FALSE(l->status.ok());
  EXPECT_EQ(l->status.kind(), ErrorKind::kInput);
  EXPECT_EQ(l->status.message(), "s.csv:3:3 (field 'traffic'): expected a non-negative number, got 'x'");
  EXPECT_EQ(l->store.size(), 1u);
}

TEST(IngestCsvTest, UnterminatedQuoteIsAnErrorEvenWhenLenient) {
  auto l = load("id,vendor\na,\"Nokia\nb,Cisco\n", "q.csv");
  ASSERT_FALSE(l->status.ok());
  EXPECT_NE(l->status.message().find("q.csv:2:3"), std::string::npos) << l->status.message();
}

TEST(IngestCsvTest, ColumnAliasesUserMapAndNameAsId) {
  IngestOptions options;
  options.column_map = {{"Kit Maker", "declared_vendor"}, {"notes", "ignore"}};
  auto l = load("Hostname,Kit Maker,Device Type,MAC Address,notes,colour\nr1,Cisco,ASR 9906,aabbccddeeff,x,red\n",
                "m.csv", options);
  ASSERT_TRUE(l->status.ok()) << l->status.message();
  ASSERT_EQ(l->store.size(), 1u);
  EXPECT_EQ(l->store.id_of(0), "r1");
  EXPECT_EQ(l->store.vendors.view(l->store.declared_vendor[0]), "Cisco");
  EXPECT_EQ(l->store.models.view(l->store.model[0]), "ASR 9906");
  EXPECT_EQ(l->report.ignored_columns, std::vector<std::string>{"colour"});
}

TEST(IngestCsvTest, HeaderProblemsAreClearErrors) {
  auto wrong_delimiter = load("id;vendor;model\na;b;c\n", "semi.csv");
  ASSERT_FALSE(wrong_delimiter.get()->status.ok());
  EXPECT_NE(wrong_delimiter->status.message().find("delimiter ';'"), std::string::npos);
  auto no_id = load("vendor,model\nx,y\n", "noid.csv");
  EXPECT_NE(no_id->status.message().find("no id column"), std::string::npos);
  auto twice = load("id,vendor,manufacturer\na,b,c\n", "twice.csv");
  EXPECT_NE(twice->status.message().find("both map to field 'declared_vendor'"), std::string::npos);
  auto empty = load("", "empty.csv");
  EXPECT_NE(empty->status.message().find("empty"), std::string::npos);
}

TEST(IngestCsvTest, RoleMapsToFunctionWhenNoFunctionColumn) {
  IngestOptions options;
  options.role_map.exact = {{"edge box", "aggregation"}};
  auto l =
      load("name,role\nr1,Core Router\nr2,OLT\nr3,Edge Box\nr4,Home Gateway (CPE)\nr5,Printer\nr6,Transport-DWDM\n",
           "roles.csv", options);
  ASSERT_TRUE(l->status.ok());
  const std::vector<Function> expected = {Function::kCore, Function::kAccess, Function::kAggregation,
                                          Function::kCpe,  Function::kOther,  Function::kTransport};
  EXPECT_EQ(l->store.function, expected);
}

TEST(IngestCsvTest, TagsSplitOnSemicolonsAndCommasNotSpaces) {
  auto l = load("id,tags\na,\"5G,Sensitive Site; fttp\"\n", "t.csv");
  ASSERT_TRUE(l->status.ok());
  EXPECT_EQ(l->store.tag_sets.view(l->store.tag_set[0]), "5g;fttp;sensitive site");
}

TEST(IngestCsvTest, DanglingUplinksAreReported) {
  auto l = load("id,uplink\na,\nb,a\nc,zz\n", "u.csv");
  ASSERT_TRUE(l->status.ok());
  EXPECT_EQ(l->report.dangling_uplinks, 1u);
  EXPECT_EQ(l->report.first_dangling[0].where.line, 4u);
  IngestOptions strict;
  strict.strict = true;
  EXPECT_FALSE(load("id,uplink\na,\nc,zz\n", "u.csv", strict)->status.ok());
}

TEST(IngestCsvTest, BadBytesAreRejectedNotStored) {
  std::string csv = "id,vendor\na,ok\nb,bad\xFFvendor\nc,nul";
  csv.push_back('\0');
  csv += "x\n";
  auto l = load(csv, "bytes.csv");
  ASSERT_TRUE(l->status.ok());
  EXPECT_EQ(l->report.accepted, 1u);
  EXPECT_EQ(l->report.rejected_by_reason.at("invalid UTF-8"), 1u);
  EXPECT_EQ(l->report.rejected_by_reason.at("NUL byte"), 1u);
}

TEST(IngestJsonTest, ArrayOfObjectsWithArraysNumbersAndNulls) {
  const std::string json = R"([
  {"id": "c1", "function": "core", "manufacturer": "Huawei", "traffic": 12.5, "subscribers": 0,
   "macs": ["30:fb:b8:00:00:01", "30fbb8000002"], "tags": ["5g", "Core-Site"], "uplink": null},
  {"id": 7, "function": "cpe", "vendor": "AVM", "uplink": "c1", "site": {"name": "LON-1"}}
])";
  auto l = load(json, "inv.json");
  ASSERT_TRUE(l->status.ok()) << l->status.message();
  ASSERT_EQ(l->store.size(), 2u);
  EXPECT_EQ(l->store.macs_of(0).size(), 2u);
  EXPECT_EQ(l->store.tag_sets.view(l->store.tag_set[0]), "5g;core-site");
  EXPECT_EQ(l->store.id_of(1), "7");
  EXPECT_EQ(l->store.sites.view(l->store.site[1]), "LON-1");
  EXPECT_EQ(l->store.uplink[1], 0u);
  EXPECT_EQ(l->store.origin[1].line, 4u);
}

TEST(IngestJsonTest, BadElementsAreRejectedWithTheirLine) {
  const std::string json = "[\n{\"id\": \"a\"},\n{\"id\": \"b\", \"traffic\": -1},\n{\"id\": true},\n42\n]";
  auto l = load(json, "bad.json");
  ASSERT_TRUE(l->status.ok()) << l->status.message();
  EXPECT_EQ(l->report.accepted, 1u);
  EXPECT_EQ(l->report.rejected, 3u);
  ASSERT_EQ(l->report.first_errors.size(), 3u);
  EXPECT_EQ(l->report.first_errors[0].where.line, 3u);
  EXPECT_EQ(l->report.first_errors[1].reason, "wrong JSON type");
  EXPECT_EQ(l->report.first_errors[2].reason, "not an object");
  EXPECT_EQ(l->report.first_errors[2].where.line, 5u);
}

TEST(IngestJsonTest, StructuralDamageAndDeepNestingAreErrorsNotCrashes) {
  EXPECT_NE(load("[{\"id\": \"a\"}, {\"id\": ", "t.json")->status.message().find("t.json:1:"), std::string::npos);
  std::string deep = "[" + std::string(100000, '[') + std::string(100000, ']') + "]";
  auto l = load(deep, "deep.json");
  ASSERT_FALSE(l->status.ok());
  EXPECT_NE(l->status.message().find("nesting deeper"), std::string::npos);
}

TEST(IngestJsonTest, NdjsonOneObjectPerLine) {
  const std::string nd = "{\"id\":\"a\",\"vendor\":\"ZTE\"}\n\n{\"id\":\"b\"}\r\n{broken\n{\"id\":\"c\"}";
  auto l = load(nd, "inv.ndjson");
  ASSERT_TRUE(l->status.ok()) << l->status.message();
  EXPECT_EQ(l->report.rows_read, 4u);
  EXPECT_EQ(l->report.accepted, 3u);
  ASSERT_EQ(l->report.first_errors.size(), 1u);
  EXPECT_EQ(l->report.first_errors[0].where.line, 4u);
}

TEST(IngestLinksTest, ReadsLinksAndRejectsUnknownEndpoints) {
  auto l = load("id\na\nb\nc\n", "n.csv");
  const std::string path = ::testing::TempDir() + "/" + std::to_string(::getpid()) + "-links.csv";
  std::ofstream(path) << "a,b,cost,capacity\na,b,2,10\nb,c,,\nc,zz,1,1\na,c,0,1\n";
  LinkTable links;
  IngestReport report;
  ASSERT_TRUE(ingest_links(path, IngestOptions{}, l->store, links, report).ok());
  EXPECT_EQ(links.size(), 2u);
  EXPECT_DOUBLE_EQ(links.cost[0], 2);
  EXPECT_DOUBLE_EQ(links.cost[1], 1);
  EXPECT_EQ(report.rejected, 2u);
  EXPECT_EQ(report.first_errors[0].where.field, "b");
  EXPECT_EQ(report.first_errors[1].reason, "bad cost");
}

TEST(DetectFormatTest, ByNameAndContent) {
  EXPECT_EQ(detect_format("x.csv", "id,a"), InputFormat::kCsv);
  EXPECT_EQ(detect_format("x.TSV", "id\ta"), InputFormat::kTsv);
  EXPECT_EQ(detect_format("x.jsonl", "{}"), InputFormat::kNdjson);
  EXPECT_EQ(detect_format("x.json", " [ {} ]"), InputFormat::kJson);
  EXPECT_EQ(detect_format("x.json", "{\"count\": 2, \"next\": null, \"results\": []}"), InputFormat::kNetboxJson);
  EXPECT_EQ(detect_format("x.txt", "{\"id\": 1}\n{\"id\": 2}"), InputFormat::kNdjson);
  EXPECT_EQ(detect_format("pages.json", "[{\"count\": 9, \"results\": [{}]}]"), InputFormat::kNetboxJson);
}

}  // namespace
}  // namespace kitwatch
