// The parallel CSV reader must give exactly what the one-threaded reader gives: the same store
// (every pool and column), the same counts and the same rejections, on messy input cut into
// chunks at awkward places.
#include "ingest/parallel_csv.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "generate/generator.h"
#include "ingest/formats.h"

namespace kitwatch {
namespace {

struct Loaded {
  ElementStore store;
  IngestReport report;
  Status status;
};

std::unique_ptr<Loaded> read(std::string_view bytes, unsigned threads, std::size_t chunk_bytes, bool strict = false) {
  auto out = std::make_unique<Loaded>();
  IngestOptions options;
  options.threads = threads;
  options.chunk_bytes = chunk_bytes;
  options.strict = strict;
  options.errors_kept = 1000;
  out->status = read_csv_inventory(bytes, "inv.csv", ',', options, out->store, out->report);
  return out;
}

void expect_same_pool(const StringPool& a, const StringPool& b, const char* what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (StrId i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a.view(i), b.view(i)) << what << " string " << i;
  }
}

std::string describe(const RowError& e) {
  return e.where.to_string() + " [" + e.reason + "] " + e.message;
}

void expect_same(const Loaded& serial, const Loaded& parallel) {
  EXPECT_EQ(serial.status.ok(), parallel.status.ok());
  if (!serial.status.ok() && !parallel.status.ok()) {
    EXPECT_EQ(serial.status.message(), parallel.status.message());
  }
  const IngestReport &a = serial.report, &b = parallel.report;
  EXPECT_EQ(a.rows_read, b.rows_read);
  EXPECT_EQ(a.accepted, b.accepted);
  EXPECT_EQ(a.rejected, b.rejected);
  EXPECT_EQ(a.rejected_by_reason, b.rejected_by_reason);
  ASSERT_EQ(a.first_errors.size(), b.first_errors.size());
  for (std::size_t i = 0; i < a.first_errors.size(); ++i) {
    EXPECT_EQ(describe(a.first_errors[i]), describe(b.first_errors[i])) << "rejection " << i;
  }
  const ElementStore &s = serial.store, &p = parallel.store;
  ASSERT_EQ(s.size(), p.size());
  expect_same_pool(s.ids, p.ids, "ids");
  expect_same_pool(s.names, p.names, "names");
  expect_same_pool(s.sites, p.sites, "sites");
  expect_same_pool(s.regions, p.regions, "regions");
  expect_same_pool(s.vendors, p.vendors, "vendors");
  expect_same_pool(s.models, p.models, "models");
  expect_same_pool(s.software_versions, p.software_versions, "software versions");
  expect_same_pool(s.serials, p.serials, "serials");
  expect_same_pool(s.uplink_refs, p.uplink_refs, "uplinks");
  expect_same_pool(s.tag_sets, p.tag_sets, "tag sets");
  EXPECT_EQ(s.name, p.name);
  EXPECT_EQ(s.site, p.site);
  EXPECT_EQ(s.region, p.region);
  EXPECT_EQ(s.declared_vendor, p.declared_vendor);
  EXPECT_EQ(s.model, p.model);
  EXPECT_EQ(s.software_version, p.software_version);
  EXPECT_EQ(s.serial, p.serial);
  EXPECT_EQ(s.tag_set, p.tag_set);
  EXPECT_EQ(s.uplink_ref, p.uplink_ref);
  EXPECT_EQ(s.function, p.function);
  EXPECT_EQ(s.installed, p.installed);
  EXPECT_EQ(s.traffic, p.traffic);
  EXPECT_EQ(s.subscribers, p.subscribers);
  EXPECT_EQ(s.mac_begin, p.mac_begin);
  EXPECT_EQ(s.macs, p.macs);
  ASSERT_EQ(s.origin.size(), p.origin.size());
  for (std::size_t i = 0; i < s.origin.size(); ++i) {
    ASSERT_EQ(s.origin[i].line, p.origin[i].line) << "element " << i;
    ASSERT_EQ(s.origin[i].file, p.origin[i].file) << "element " << i;
  }
}

// About 1,500 rows with every kind of trouble the reader handles, spread through the file so
// that chunk cuts fall inside them.
std::string messy_inventory() {
  std::ostringstream out;
  out << "id,name,site,function,vendor,model,macs,serial,traffic,subscribers,uplink,tags,installed\n";
  const char* vendors[] = {"Huawei", "HUAWEI TECHNOLOGIES CO.,LTD", "zte corp", "Nokia", "\"Cisco \"\"Systems\"\"\""};
  for (int i = 0; i < 1500; ++i) {
    const std::string eol = i % 11 == 0 ? "\r\n" : "\n";
    const int kind = i % 37;
    std::string id = "e" + std::to_string(i);
    if (kind == 5) id = "e" + std::to_string(i / 2);  // a duplicate
    std::string name = "n" + std::to_string(i % 300);
    if (kind == 7) name = "\"two\nline name " + std::to_string(i) + "\"";
    if (kind == 9) name = "\"" + std::string(40, 'x') + std::string(30, '\n') + "long\"";  // spans many lines
    if (kind == 13) name = "\"say \"\"hi\"\" " + std::to_string(i) + "\"";
    const std::string vendor =
        vendors[i % 5][0] == '"' || i % 5 != 1 ? vendors[i % 5] : "\"" + std::string(vendors[1]) + "\"";
    std::string traffic = std::to_string(i % 97) + ".5";
    if (kind == 17) traffic = "lots";
    std::string macs = i % 3 == 0 ? "" : "aa:bb:cc:00:" + std::to_string(10 + i % 80) + ":01";
    if (kind == 19) macs = "zz:zz";
    if (kind == 21) macs = "\"aa:bb:cc:00:00:01;aa-bb-cc-00-00-02\"";
    const std::string uplink = i > 10 ? "e" + std::to_string(i % 10) : "";
    const std::string tags = i % 4 == 0 ? "\"fttp;5G\"" : (i % 4 == 1 ? "Sensitive Site" : "");
    const std::string installed = i % 29 == 3 ? "2020-02-30" : "2019-01-0" + std::to_string(1 + i % 9);
    if (kind == 23) {
      out << id << ",only,three" << eol;  // wrong column count
      continue;
    }
    if (kind == 25) {
      out << id << ",bad\"quote,s,core,v,m,,,1,1,,," << eol;  // a quote inside an unquoted field
      continue;
    }
    if (kind == 27) out << eol << eol;      // blank lines
    if (kind == 29) out << "\xEF\xBB\xBF";  // a byte-order mark where no reader should drop it
    out << id << ',' << name << ",site" << i % 7 << ','
        << (i % 50 == 0 ? "core"
            : i % 2     ? "cpe"
                        : "ACCESS")
        << ',' << vendor << ",model " << i % 13 << ',' << macs << ",SN" << i << ',' << traffic << ',' << i % 5 << ','
        << uplink << ',' << tags << ',' << installed << eol;
  }
  return out.str();
}

TEST(ParallelCsvTest, MessyInputReadsTheSameOnOneAndSeveralThreads) {
  const std::string csv = messy_inventory();
  const auto serial = read(csv, 1, 0);
  ASSERT_TRUE(serial->status.ok()) << serial->status.message();
  ASSERT_GT(serial->report.rejected, 100u);  // the trouble above is really there
  ASSERT_GT(serial->report.accepted, 1000u);
  for (std::size_t chunk : {64u, 257u, 1000u, 4096u}) {
    for (unsigned threads : {2u, 3u}) {
      SCOPED_TRACE("chunk " + std::to_string(chunk) + ", threads " + std::to_string(threads));
      expect_same(*serial, *read(csv, threads, chunk));
    }
  }
}

TEST(ParallelCsvTest, StrictModeStopsAtTheSameRowWithTheSameStore) {
  const std::string csv = messy_inventory();
  const auto serial = read(csv, 1, 0, true);
  ASSERT_FALSE(serial->status.ok());
  for (std::size_t chunk : {100u, 999u}) {
    expect_same(*serial, *read(csv, 2, chunk, true));
  }
}

TEST(ParallelCsvTest, UnterminatedQuoteEndsTheReadAtTheSamePlace) {
  std::string csv = messy_inventory();
  csv += "late,\"never closed,s,core,v,m,,,1,1,,,\n";
  for (int i = 0; i < 50; ++i) csv += "after" + std::to_string(i) + ",n,s,core,v,m,,,1,1,,,\n";
  const auto serial = read(csv, 1, 0);
  ASSERT_FALSE(serial->status.ok());
  for (std::size_t chunk : {128u, 3000u}) {
    expect_same(*serial, *read(csv, 2, chunk));
  }
}

// A quoted field that runs into the last line of the input, which has no line feed: the reader
// then stops mid-line, and the chunks after must be empty rather than read from that line's start
// (found by fuzz_csv_inventory; the inputs are in fuzz/regressions/fuzz_csv_inventory/).
TEST(ParallelCsvTest, ARecordRunningToTheEndOfTheInputEndsEveryLaterChunk) {
  const std::string header = "id,function,vendor,model,traffic,subscribers,uplink\n";
  const std::string cases[] = {
      // Bad record: text after the closing quote on the last line.
      header + "core-1,core,\"Cisco" + std::string(200, 'x') + "\nz,core,uplink\ncore-2,co,Nokia,1,,x,\n" +
          "dup,core,Cisco,2,\nagg-1,are,\"Cisco ggS",
      // Wrong column count: the quoted field closes on the last line.
      header + "core-1,core,\"Cisco" + std::string(150, 'y') + "\nlon,London,,LON-R07,10,front,,,,\nma Systems, " +
          "Inc.\",ASR-9k,olt",
      // The header's own quoted field runs to the end: no body at all.
      "id,function,vendor,model,\"traffic" + std::string(60, 'z') + "\ndup,core,CCHNOLOGIES CO.,LTD\",ins"};
  for (const std::string& csv : cases) {
    for (bool strict : {false, true}) {
      const auto serial = read(csv, 1, 0, strict);
      for (std::size_t chunk : {16u, 24u, 40u}) {
        SCOPED_TRACE("chunk " + std::to_string(chunk) + (strict ? ", strict" : ""));
        expect_same(*serial, *read(csv, 2, chunk, strict));
      }
    }
  }
}

TEST(ParallelCsvTest, GeneratedNetworkReadsTheSameOnOneAndTwoThreads) {
  const auto dir = std::filesystem::temp_directory_path() / ("kitwatch-parallel-" + std::to_string(getpid()));
  GenerateOptions options;
  options.elements = 5000;
  GenerateSummary summary;
  ASSERT_TRUE(generate_network(options, dir.string(), summary).ok());
  std::ifstream in(dir / "inventory.csv", std::ios::binary);
  const std::string csv((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove_all(dir);
  const auto serial = read(csv, 1, 0);
  ASSERT_TRUE(serial->status.ok()) << serial->status.message();
  ASSERT_EQ(serial->store.size(), 5000u);
  expect_same(*serial, *read(csv, 2, 16 << 10));
}

}  // namespace
}  // namespace kitwatch
