#include "generate/generator.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "ingest/ingest.h"
#include "registry/registry.h"
#include "resolve/resolver.h"

namespace kitwatch {
namespace {

std::string fresh_dir(const std::string& name) {
  const auto dir =
      std::filesystem::path(::testing::TempDir()) / ("kitwatch_generate_" + std::to_string(::getpid()) + "_" + name);
  std::filesystem::remove_all(dir);
  return dir.string();
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> split(const std::string& line, char separator) {
  std::vector<std::string> parts;
  std::stringstream in(line);
  for (std::string part; std::getline(in, part, separator);) parts.push_back(part);
  return parts;
}

Status generate(std::uint64_t elements, std::uint64_t seed, const std::string& dir, GenerateSummary& summary) {
  return generate_network(GenerateOptions{elements, seed}, dir, summary);
}

TEST(GenerateTest, SameSeedGivesSameBytes) {
  const std::string a = fresh_dir("same_a"), b = fresh_dir("same_b");
  GenerateSummary summary;
  ASSERT_TRUE(generate(3000, 42, a, summary).ok());
  ASSERT_TRUE(generate(3000, 42, b, summary).ok());
  for (const char* file : {"inventory.csv", "links.csv", "demands.csv"}) {
    EXPECT_EQ(read_text(a + "/" + file), read_text(b + "/" + file)) << file;
  }
  std::filesystem::remove_all(a);
  std::filesystem::remove_all(b);
}

TEST(GenerateTest, DifferentSeedGivesDifferentBytes) {
  const std::string a = fresh_dir("seed_a"), b = fresh_dir("seed_b");
  GenerateSummary summary_a, summary_b;
  ASSERT_TRUE(generate(3000, 1, a, summary_a).ok());
  ASSERT_TRUE(generate(3000, 2, b, summary_b).ok());
  EXPECT_NE(read_text(a + "/inventory.csv"), read_text(b + "/inventory.csv"));
  EXPECT_NE(read_text(a + "/links.csv"), read_text(b + "/links.csv"));
  EXPECT_EQ(summary_a.elements_by_function, summary_b.elements_by_function);  // the size decides the shape
  std::filesystem::remove_all(a);
  std::filesystem::remove_all(b);
}

TEST(GenerateTest, RejectsSizesOutOfRange) {
  GenerateSummary summary;
  const std::string dir = fresh_dir("range");
  EXPECT_EQ(generate(19, 1, dir, summary).kind(), ErrorKind::kUsage);
  EXPECT_EQ(generate(GenerateOptions::kMaxElements + 1, 1, dir, summary).kind(), ErrorKind::kUsage);
  EXPECT_FALSE(std::filesystem::exists(dir));
}

TEST(GenerateTest, PresetsNameTheirSizes) {
  ASSERT_TRUE(preset_options("regional").has_value());
  EXPECT_EQ(preset_options("regional")->elements, 1'000'000u);
  ASSERT_TRUE(preset_options("national").has_value());
  EXPECT_EQ(preset_options("national")->elements, 10'000'000u);
  EXPECT_FALSE(preset_options("planet").has_value());
}

// The national preset's mix (~5% infrastructure, the rest CPE), checked at a small size.
TEST(GenerateTest, NationalMixHasAboutFivePercentInfrastructure) {
  const std::string dir = fresh_dir("national_mix");
  GenerateOptions options = *preset_options("national");
  options.elements = 40'000;
  GenerateSummary summary;
  ASSERT_TRUE(generate_network(options, dir, summary).ok());
  const double cpe = static_cast<double>(summary.elements_by_function[static_cast<std::size_t>(Function::kCpe)]);
  EXPECT_NEAR(cpe / 40'000.0, 0.95, 0.01);
  EXPECT_GT(summary.elements_by_function[static_cast<std::size_t>(Function::kAccess)], 0u);
  std::filesystem::remove_all(dir);
}

TEST(GenerateTest, SmallestNetworkHasEveryFunction) {
  const std::string dir = fresh_dir("smallest");
  GenerateSummary summary;
  ASSERT_TRUE(generate(GenerateOptions::kMinElements, 3, dir, summary).ok());
  for (std::size_t f = 0; f < kFunctionCount; ++f) {
    if (static_cast<Function>(f) != Function::kOther) {
      EXPECT_GT(summary.elements_by_function[f], 0u) << f;
    }
  }
  ElementStore store;
  IngestReport report;
  ASSERT_TRUE(ingest_inventory(dir + "/inventory.csv", IngestOptions{}, store, report).ok());
  ASSERT_TRUE(finish_inventory(IngestOptions{}, store, report).ok());
  EXPECT_EQ(store.size(), GenerateOptions::kMinElements);
  EXPECT_EQ(report.rejected, 0u);
  EXPECT_EQ(report.dangling_uplinks, 0u);
  std::filesystem::remove_all(dir);
}

TEST(GenerateTest, UnwritableDirectoryIsAnIoError) {
  GenerateSummary summary;
  EXPECT_EQ(generate(100, 1, "/proc/kitwatch-cannot-write-here", summary).kind(), ErrorKind::kIo);
}

// One network of 20,000 elements, generated and read back once for all the checks below.
class GeneratedNetworkTest : public ::testing::Test {
 protected:
  static constexpr std::uint64_t kElements = 20000;

  static void SetUpTestSuite() {
    dir_ = fresh_dir("network");
    ASSERT_TRUE(generate(kElements, 7, dir_, summary_).ok());
    store_ = std::make_unique<ElementStore>();
    ASSERT_TRUE(ingest_inventory(dir_ + "/inventory.csv", IngestOptions{}, *store_, report_).ok());
    ASSERT_TRUE(finish_inventory(IngestOptions{}, *store_, report_).ok());
    ASSERT_TRUE(ingest_links(dir_ + "/links.csv", IngestOptions{}, *store_, links_, link_report_).ok());
    auto registry = Registry::builtin();
    ASSERT_TRUE(registry.ok());
    registry_ = std::make_unique<Registry>(std::move(*registry));
    resolution_ = resolve(*store_, *registry_, MacRegistry{}, *Date::from_ymd(2026, 11, 28));  // names and models only
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(dir_);
    store_.reset();
    registry_.reset();
  }

  static Function function_of(ElementIndex e) { return store_->function[e]; }
  static bool is_designated_maker(EntityIndex m) {
    if (m == kNoEntity) return false;
    const std::string& id = registry_->entity(m).id;
    return id == "huawei" || id == "zte";
  }
  static std::string tags_of(ElementIndex e) { return std::string(store_->tag_sets.view(store_->tag_set[e])); }

  static inline std::string dir_;
  static inline GenerateSummary summary_;
  static inline std::unique_ptr<ElementStore> store_;
  static inline IngestReport report_, link_report_;
  static inline LinkTable links_;
  static inline std::unique_ptr<Registry> registry_;
  static inline Resolution resolution_;
};

TEST_F(GeneratedNetworkTest, EveryRowIngests) {
  EXPECT_EQ(store_->size(), kElements);
  EXPECT_EQ(report_.rows_read, kElements);
  EXPECT_EQ(report_.rejected, 0u);
  EXPECT_EQ(report_.dangling_uplinks, 0u);
  EXPECT_TRUE(report_.ignored_columns.empty());
  EXPECT_EQ(link_report_.rejected, 0u);
  EXPECT_EQ(link_report_.accepted, summary_.links);
  EXPECT_EQ(links_.size(), summary_.links);
}

TEST_F(GeneratedNetworkTest, WritesTheDocumentedColumnsAndQuotesCommas) {
  const std::string text = read_text(dir_ + "/inventory.csv");
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "id,name,site,region,function,declared_vendor,model,software_version,macs,serial,installed,traffic,"
            "subscribers,uplink,tags");
  EXPECT_NE(text.find(",\"HUAWEI TECHNOLOGIES CO.,LTD\","), std::string::npos);
  EXPECT_NE(store_->vendors.find("HUAWEI TECHNOLOGIES CO.,LTD"), StringPool::kMissing);
}

TEST_F(GeneratedNetworkTest, FunctionCountsSumToTheSize) {
  std::uint64_t total = 0;
  for (std::uint64_t n : summary_.elements_by_function) total += n;
  EXPECT_EQ(total, kElements);
  EXPECT_EQ(summary_.elements, kElements);
  std::array<std::uint64_t, kFunctionCount> counted{};
  for (Function f : store_->function) ++counted[static_cast<std::size_t>(f)];
  EXPECT_EQ(counted, summary_.elements_by_function);
  const double cpe = static_cast<double>(counted[static_cast<std::size_t>(Function::kCpe)]) / kElements;
  EXPECT_GT(cpe, 0.85);
  EXPECT_LT(cpe, 0.95);
}

TEST_F(GeneratedNetworkTest, UplinksFollowTheHierarchy) {
  for (ElementIndex e = 0; e < store_->size(); ++e) {
    const ElementIndex up = store_->uplink[e];
    const Function f = function_of(e);
    if (f == Function::kCore) {
      EXPECT_EQ(up, kNoElement);
      continue;
    }
    ASSERT_NE(up, kNoElement) << store_->id_of(e);
    const Function u = function_of(up);
    switch (f) {
      case Function::kCpe:
        ASSERT_EQ(u, Function::kAccess) << store_->id_of(e);
        EXPECT_EQ(store_->site[e], store_->site[up]);
        EXPECT_EQ(store_->region[e], store_->region[up]);
        break;
      case Function::kAccess:
      case Function::kRan:
        EXPECT_EQ(u, Function::kAggregation);
        break;
      case Function::kAggregation:
        EXPECT_TRUE(u == Function::kTransport || u == Function::kCore);
        break;
      default:
        EXPECT_EQ(u, Function::kCore);
        break;
    }
  }
}

TEST_F(GeneratedNetworkTest, LinksJoinInfrastructureOnly) {
  for (std::size_t i = 0; i < links_.size(); ++i) {
    EXPECT_NE(function_of(links_.a[i]), Function::kCpe);
    EXPECT_NE(function_of(links_.b[i]), Function::kCpe);
    EXPECT_NE(links_.a[i], links_.b[i]);
    EXPECT_GE(links_.cost[i], 1);
    EXPECT_LE(links_.cost[i], 3);
  }
}

TEST_F(GeneratedNetworkTest, DemandsRunFromAggregationToCore) {
  const std::vector<std::string> lines = split(read_text(dir_ + "/demands.csv"), '\n');
  ASSERT_EQ(lines.size(), summary_.demands + 1);
  EXPECT_EQ(lines[0], "src,dst,volume");
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto fields = split(lines[i], ',');
    ASSERT_EQ(fields.size(), 3u) << lines[i];
    EXPECT_EQ(function_of(store_->find(fields[0])), Function::kAggregation);
    EXPECT_EQ(function_of(store_->find(fields[1])), Function::kCore);
  }
}

TEST_F(GeneratedNetworkTest, DesignatedSharesAreRealistic) {
  std::uint64_t infrastructure = 0, infrastructure_designated = 0, cpe = 0, cpe_designated = 0;
  for (ElementIndex e = 0; e < store_->size(); ++e) {
    const bool designated = is_designated_maker(resolution_.manufacturer(e));
    if (function_of(e) == Function::kCore) {
      EXPECT_FALSE(designated);
    }
    if (function_of(e) == Function::kCpe) {
      ++cpe;
      cpe_designated += designated;
    } else {
      ++infrastructure;
      infrastructure_designated += designated;
    }
  }
  const double infra_share = static_cast<double>(infrastructure_designated) / static_cast<double>(infrastructure);
  const double cpe_share = static_cast<double>(cpe_designated) / static_cast<double>(cpe);
  EXPECT_GT(infra_share, 0.10);
  EXPECT_LT(infra_share, 0.20);
  // About 25% of CPE are made by Huawei or ZTE; the white-labelled ones do not resolve by name.
  EXPECT_GT(cpe_share, 0.17);
  EXPECT_LT(cpe_share, 0.28);
}

TEST_F(GeneratedNetworkTest, OnlyTheIntentionalVendorsAreUnresolved) {
  std::uint64_t branded = 0, missing = 0;
  for (ElementIndex e = 0; e < store_->size(); ++e) {
    const std::string_view vendor = store_->vendors.view(store_->declared_vendor[e]);
    if (vendor.empty()) {
      ++missing;
    } else if (vendor == "BT") {
      EXPECT_EQ(function_of(e), Function::kCpe);
      ++branded;
    } else {
      EXPECT_NE(resolution_.manufacturer(e), kNoEntity) << "'" << vendor << "' does not resolve";
    }
  }
  const double cpe = static_cast<double>(summary_.elements_by_function[static_cast<std::size_t>(Function::kCpe)]);
  EXPECT_NEAR(static_cast<double>(branded) / cpe, 0.10, 0.02);
  EXPECT_NEAR(static_cast<double>(missing) / kElements, 0.01, 0.005);
}

// The IEEE registry as prefix → organisation name, from Debian's ieee-data; empty if not installed.
std::unordered_map<std::uint32_t, std::string> load_ouis() {
  std::unordered_map<std::uint32_t, std::string> ouis;
  std::ifstream in("/usr/share/ieee-data/oui.csv");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("MA-L,", 0) != 0 || line.size() < 13) continue;
    std::string org = line.substr(12);
    org = org.starts_with('"') ? org.substr(1, org.find('"', 1) - 1) : org.substr(0, org.find(','));
    ouis[static_cast<std::uint32_t>(std::stoul(line.substr(5, 6), nullptr, 16))] = org;
  }
  return ouis;
}

TEST_F(GeneratedNetworkTest, MacPrefixesBelongToTheTrueMaker) {
  const auto ouis = load_ouis();
  if (ouis.empty()) GTEST_SKIP() << "ieee-data is not installed";
  std::set<std::string> branded_makers;
  std::set<Mac> seen;
  std::uint64_t macs = 0;
  for (ElementIndex e = 0; e < store_->size(); ++e) {
    ASSERT_FALSE(store_->macs_of(e).empty());
    for (Mac mac : store_->macs_of(e)) {
      ++macs;
      seen.insert(mac);
      const auto org = ouis.find(static_cast<std::uint32_t>(mac >> 24));
      ASSERT_NE(org, ouis.end()) << format_mac(mac) << " is not an IEEE MA-L assignment";
      const auto maker = registry_->match_name(org->second);
      ASSERT_TRUE(maker.has_value()) << org->second;
      if (resolution_.manufacturer(e) != kNoEntity) {
        EXPECT_EQ(maker->entity, resolution_.manufacturer(e)) << store_->id_of(e) << " " << org->second;
      }
      if (store_->vendors.view(store_->declared_vendor[e]) == "BT") {
        branded_makers.insert(registry_->entity(maker->entity).id);
      }
    }
  }
  EXPECT_EQ(seen.size(), macs);  // unique
  EXPECT_EQ(branded_makers, (std::set<std::string>{"huawei", "sagemcom", "zte"}));
}

TEST_F(GeneratedNetworkTest, MeasuresAndTagsAreConsistent) {
  std::vector<double> cpe_subscribers(store_->size(), 0);
  std::uint64_t small_households = 0, cpes = 0;
  const std::int32_t first = Date::from_ymd(2012, 1, 1)->days(), last = Date::from_ymd(2026, 12, 31)->days();
  for (ElementIndex e = 0; e < store_->size(); ++e) {
    EXPECT_GE(store_->installed[e], first);
    EXPECT_LE(store_->installed[e], last);
    EXPECT_GE(store_->traffic[e], 0);
    const std::string tags = tags_of(e);
    const bool fttp = tags.find("fttp") != std::string::npos, fttc = tags.find("fttc") != std::string::npos;
    if (function_of(e) == Function::kRan) {
      EXPECT_NE(tags.find('g'), std::string::npos) << tags;
    }
    if (function_of(e) == Function::kAccess || function_of(e) == Function::kCpe) {
      EXPECT_NE(fttp, fttc) << tags;
    }
    if (function_of(e) != Function::kCpe) continue;
    ++cpes;
    small_households += store_->subscribers[e] >= 1 && store_->subscribers[e] <= 4;
    cpe_subscribers[store_->uplink[e]] += store_->subscribers[e];
    EXPECT_NE(tags_of(store_->uplink[e]).find(tags), std::string::npos);  // the access node's line type
  }
  EXPECT_GT(static_cast<double>(small_households) / static_cast<double>(cpes), 0.95);
  for (ElementIndex e = 0; e < store_->size(); ++e) {
    if (function_of(e) == Function::kAccess) {
      EXPECT_EQ(store_->subscribers[e], cpe_subscribers[e]);
    }
  }
}

}  // namespace
}  // namespace kitwatch
