#include "resolve/resolver.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <tuple>

#include "ingest/ingest.h"

#include <gtest/gtest.h>

namespace kitwatch {
namespace {

// A small IEEE registry: real MA-L assignments of Huawei, ZTE and Sagemcom, plus a Private one.
constexpr std::string_view kOui =
    "Registry,Assignment,Organization Name,Organization Address\n"
    "MA-L,30FBB8,\"HUAWEI TECHNOLOGIES CO.,LTD\",Shenzhen CN\n"
    "MA-L,086083,zte corporation,Shenzhen CN\n"
    "MA-L,F8084F,Sagemcom Broadband SAS,Rueil Malmaison FR\n"
    "MA-L,00AABB,Acme Gadgets Ltd,Nowhere\n"
    "MA-L,001577,\"Allied Telesis, Inc.\",San Jose US\n"
    "MA-L,008092,\"silex technology, Inc.\",Kyoto JP\n"
    "MA-L,00004C,NEC Corporation,Tokyo JP\n"
    "MA-L,111111,Private,\n";

class ResolverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto reg = Registry::builtin();
    ASSERT_TRUE(reg.ok()) << reg.status().message();
    registry_ = std::make_unique<Registry>(std::move(*reg));
    auto macs = MacRegistry::from_csv(kOui, 24, "oui.csv");
    ASSERT_TRUE(macs.ok()) << macs.status().message();
    macs_ = std::make_unique<MacRegistry>(std::move(*macs));
  }

  // Adds an element and returns its decision after resolving the whole store.
  const Decision& add(std::string_view vendor, std::string_view model, std::string_view mac) {
    ElementRow row;
    ids_.push_back("e" + std::to_string(ids_.size()));
    row.id = ids_.back();
    row.declared_vendor = vendor;
    row.model = model;
    std::vector<Mac> macs;
    if (auto m = parse_mac(mac)) macs.push_back(*m);
    row.macs = macs;
    store_.append(row);
    resolution_ = resolve(store_, *registry_, *macs_, *Date::parse("2024-01-01"));
    return resolution_.of(static_cast<ElementIndex>(store_.size() - 1));
  }
  std::string maker(const Decision& d) { return resolution_.maker_id(d.maker, *registry_); }

  std::unique_ptr<Registry> registry_;
  std::unique_ptr<MacRegistry> macs_;
  ElementStore store_;
  std::vector<std::string> ids_;
  Resolution resolution_;
};

TEST_F(ResolverTest, DeclaredVendorAloneDecidesWithFullConfidence) {
  const Decision& d = add("HUAWEI TECHNOLOGIES CO.,LTD", "", "");
  EXPECT_EQ(maker(d), "huawei");
  EXPECT_DOUBLE_EQ(d.confidence, 1.0);
  EXPECT_EQ(d.flags, 0);
  EXPECT_EQ(registry_->entity(d.controller).id, "huawei");
}

TEST_F(ResolverTest, SubsidiaryRollsUpToItsController) {
  const Decision& d = add("Huawei Device Co., Ltd.", "", "");
  EXPECT_EQ(maker(d), "huawei-device");
  EXPECT_EQ(registry_->entity(d.controller).id, "huawei");
}

TEST_F(ResolverTest, WhiteLabelCpeIsFoundByItsMacPrefix) {
  const Decision& d = add("BT", "Smart Hub 2", "08:60:83:00:00:01");
  EXPECT_EQ(maker(d), "zte");
  EXPECT_TRUE(d.flags & kWhiteLabel);
  EXPECT_FALSE(d.flags & kConflict);
  EXPECT_DOUBLE_EQ(d.confidence, 0.95);
  ASSERT_EQ(d.evidence.size(), 2u);
  EXPECT_EQ(d.evidence[1].kind, EvidenceKind::kMacPrefix);
  EXPECT_TRUE(d.evidence[1].supports);
}

TEST_F(ResolverTest, WhiteLabelFoundByModelPattern) {
  const Decision& d = add("Vodafone", "K3765-Z", "");
  EXPECT_EQ(maker(d), "zte");
  EXPECT_TRUE(d.flags & kWhiteLabel);
  EXPECT_DOUBLE_EQ(d.confidence, 0.8);
}

TEST_F(ResolverTest, DisagreeingMakersAreAConflictAndTheStrongerSideWins) {
  const Decision& d = add("Nokia", "EchoLife HG8245H", "30:fb:b8:00:00:09");
  EXPECT_EQ(maker(d), "huawei");  // model 0.8 + MAC 0.95 outweigh the declared name's 1.0
  EXPECT_TRUE(d.flags & kConflict);
  EXPECT_NEAR(d.confidence, 1.75 / 2.75 * 0.95, 1e-12);
  EXPECT_FALSE(d.evidence[0].supports);
}

// A declared maker the IEEE registers (but the registry does not hold) outweighs another maker's
// model pattern: Allied Telesis' AR1200 is not a Huawei AR1200 on the strength of the name alone.
// It is a conflict, not a white label; a MAC that agrees with the pattern tips it back.
TEST_F(ResolverTest, ARealDeclaredMakerOutweighsAnotherMakersModelPattern) {
  const Decision& allied = add("Allied Telesis", "AR1200", "");
  EXPECT_EQ(maker(allied), "unregistered:allied telesis");
  EXPECT_TRUE(allied.flags & kConflict);
  EXPECT_FALSE(allied.flags & kWhiteLabel);
  // A whole IEEE name counts however short it is ("NEC Corporation" → "nec").
  const Decision& nec = add("NEC", "AR1200", "");
  EXPECT_EQ(maker(nec), "unregistered:nec");
  EXPECT_TRUE(nec.flags & kConflict);
  // "Silex" is the leading word of the IEEE's "silex technology, Inc.".
  const Decision& silex = add("Silex", "DS-2CD2143G2-I", "");
  EXPECT_EQ(maker(silex), "unregistered:silex");
  EXPECT_TRUE(silex.flags & kConflict);
  const Decision& with_mac = add("Allied Telesis", "AR1200", "30:fb:b8:00:00:01");
  EXPECT_EQ(maker(with_mac), "huawei");
  EXPECT_TRUE(with_mac.flags & kWhiteLabel);
  // A declared name that names no one real still gives way to the pattern.
  const Decision& unknown_name = add("Acme Reseller", "AR1200", "");
  EXPECT_EQ(maker(unknown_name), "huawei");
  EXPECT_TRUE(unknown_name.flags & kWhiteLabel);
}

// A reseller's or operator's brand, or a word that names no one, in front of the model is dropped
// before the patterns are tried; a maker's name joined by '-' or '_' too.
TEST_F(ResolverTest, ALeadingResellerBrandIsDroppedFromTheModel) {
  EXPECT_EQ(maker(add("", "BT S5735-L24P4S-A", "")), "huawei");
  EXPECT_EQ(maker(add("", "Generic DS-2CD2143G2-I", "")), "hikvision");
  EXPECT_EQ(maker(add("", "BT Huawei-2288H-V5", "")), "huawei");
  EXPECT_EQ(maker(add("", "Huawei_CE6820H-48S6CQ", "")), "huawei");
  EXPECT_EQ(maker(add("", "Generic PD785", "")), "hytera");
  // Only one brand is dropped, and an unknown first word is not a brand.
  EXPECT_EQ(add("", "BT BT S5735-L24P4S-A", "").maker, kNoMaker);
  EXPECT_EQ(add("", "Acme S5735-L24P4S-A", "").maker, kNoMaker);
  // A maker's name limits the patterns to that maker's.
  EXPECT_EQ(add("", "Nokia S5735-L24P4S-A", "").maker, kNoMaker);
}

// Patterns specific enough not to take other makers' product names.
TEST_F(ResolverTest, OtherMakersProductNamesDoNotMatchDesignatedPatterns) {
  for (const char* model :
       {"AR1050V", "AR2050V", "AR3050S", "AR4050S", "S3150-8T2FP", "DS-510", "DS-600", "SD-300", "IPC2122LB-AF28-ECO",
        "NVR301-04S3", "MX2800", "MX7116n-Fabric-Expander-Module", "MD3200"}) {
    const Decision& d = add("", model, "");
    EXPECT_EQ(d.maker, kNoMaker) << model << " -> " << maker(d);
  }
}

TEST_F(ResolverTest, UnregisteredMakerKeepsItsNameAndNeverBecomesALookAlike) {
  const Decision& d = add("Hua Wei Lighting", "", "");
  EXPECT_EQ(maker(d), "unregistered:hua wei lighting");
  EXPECT_TRUE(d.flags & kUnregistered);
  EXPECT_EQ(d.controller, kNoEntity);
  const Decision& mac_only = add("", "", "00:aa:bb:00:00:01");
  EXPECT_EQ(maker(mac_only), "unregistered:acme gadgets");
}

TEST_F(ResolverTest, NoEvidenceIsUnknown) {
  EXPECT_EQ(add("", "", "").maker, kNoMaker);
  EXPECT_EQ(add("BT", "Home Hub 5", "").maker, kNoMaker);
  EXPECT_EQ(add("", "", "11:11:11:00:00:01").maker, kNoMaker);  // a Private assignment names nobody
}

TEST_F(ResolverTest, EachDistinctKeyIsDecidedOnce) {
  for (int i = 0; i < 5; ++i) add("zte corp", "ZXA10 C300", "08:60:83:00:00:0" + std::to_string(i));
  add("zte corp", "ZXA10 C300", "");
  EXPECT_EQ(resolution_.decisions.size(), 2u);
}

TEST(MacRegistryTest, LongestPrefixWinsAndBadFilesAreLocated) {
  auto l = MacRegistry::from_csv("Registry,Assignment,Organization Name\nMA-L,AABBCC,Big Co\n", 24, "oui.csv");
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(l->organisation(l->lookup(0xAABBCC123456ull)), "Big Co");
  EXPECT_EQ(l->lookup(0xAABBCD000000ull), 0u);
  auto bad = MacRegistry::from_csv("Registry,Assignment,Organization Name\nMA-L,XYZ,Big Co\n", 24, "oui.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("oui.csv:2:6"), std::string::npos) << bad.status().message();
}

// 28- and 36-bit blocks win over the 24-bit one they lie in, also under a prefix with no 24-bit
// assignment; checked against a longest-match search over the same assignments.
TEST(MacRegistryTest, FinerBlocksWinOverTheirOui) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "kitwatch-mac-finer";
  std::filesystem::create_directories(dir);
  const auto write = [&](const char* name, const std::string& rows) {
    std::ofstream(dir / name) << "Registry,Assignment,Organization Name\n" << rows;
  };
  write("oui.csv", "MA-L,AABBCC,Big Co\nMA-L,001122,Other Co\n");
  write("mam.csv", "MA-M,AABBCC1,Mid Co\nMA-M,DDEEFF7,Lone Mid Co\n");
  write("oui36.csv", "MA-S,AABBCC123,Small Co\n");
  auto macs = MacRegistry::load(dir.string());
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(macs.ok()) << macs.status().message();
  const std::vector<std::tuple<Mac, int, std::string>> blocks = {{0xAABBCC, 24, "Big Co"},
                                                                 {0x001122, 24, "Other Co"},
                                                                 {0xAABBCC1, 28, "Mid Co"},
                                                                 {0xDDEEFF7, 28, "Lone Mid Co"},
                                                                 {0xAABBCC123, 36, "Small Co"}};
  const auto longest_match = [&](Mac mac) {
    int best_bits = 0;
    std::string best;
    for (const auto& [prefix, bits, org] : blocks) {
      if (mac >> (48 - bits) == prefix && bits > best_bits) {
        best_bits = bits;
        best = org;
      }
    }
    return best;
  };
  for (const Mac mac : {0xAABBCC123456ull, 0xAABBCC124456ull, 0xAABBCC223456ull, 0xAABBCD000000ull, 0x001122334455ull,
                        0xDDEEFF712345ull, 0xDDEEFF812345ull, 0xAABBCC1FFFFFull}) {
    EXPECT_EQ(std::string(macs->organisation(macs->lookup(mac))), longest_match(mac)) << std::hex << mac;
  }
}

TEST(MacRegistryTest, MissingFolderMeansMacEvidenceIsOff) {
  auto macs = MacRegistry::load("/nonexistent/ieee-data");
  ASSERT_TRUE(macs.ok());
  EXPECT_FALSE(macs->available());
}

TEST(MacRegistryTest, DebianIeeeDataLoadsWhenInstalled) {
  auto macs = MacRegistry::load(kDefaultIeeeDir);
  ASSERT_TRUE(macs.ok()) << macs.status().message();
  if (!macs->available()) GTEST_SKIP() << "ieee-data is not installed";
  EXPECT_GT(macs->assignments(), 40000u);
  EXPECT_EQ(macs->organisation(macs->lookup(0x30FBB8000001ull)), "HUAWEI TECHNOLOGIES CO.,LTD");
  EXPECT_FALSE(macs->date().empty());
}

}  // namespace
}  // namespace kitwatch

namespace kitwatch {
namespace {

// The bundled example's white-labelled CPE (declared "BT") are all found, with MAC evidence.
TEST(ResolverExampleTest, EveryWhiteLabelledCpeOfTheExampleIsFound) {
  auto macs = MacRegistry::load(kDefaultIeeeDir);
  ASSERT_TRUE(macs.ok());
  if (!macs->available()) GTEST_SKIP() << "ieee-data is not installed";
  auto registry = Registry::builtin();
  ASSERT_TRUE(registry.ok());
  ElementStore store;
  IngestReport report;
  ASSERT_TRUE(
      ingest_inventory(std::string(KITWATCH_SOURCE_DIR) + "/examples/small/inventory.csv", {}, store, report).ok());
  const Resolution r = resolve(store, *registry, *macs, *Date::parse("2026-11-28"));
  std::size_t branded = 0;
  for (ElementIndex e = 0; e < store.size(); ++e) {
    if (store.vendors.view(store.declared_vendor[e]) != "BT") continue;
    ++branded;
    const Decision& d = r.of(e);
    ASSERT_NE(d.maker, kNoMaker) << store.id_of(e);
    EXPECT_TRUE(d.flags & kWhiteLabel) << store.id_of(e);
    const bool by_mac = std::any_of(d.evidence.begin(), d.evidence.end(), [](const EvidenceItem& i) {
      return i.kind == EvidenceKind::kMacPrefix && i.supports;
    });
    EXPECT_TRUE(by_mac) << store.id_of(e);
  }
  EXPECT_GT(branded, 100u);
}

}  // namespace
}  // namespace kitwatch
