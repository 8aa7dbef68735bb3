// BOM readers and linking: the CycloneDX and CSV readers on fixtures and hand-made documents,
// located errors for malformed documents, and element ↔ product matching.
#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "bom/bom.h"
#include "test_support.h"

#include <gtest/gtest.h>

namespace kitwatch {
namespace {

using testing_support::source;

std::string fixture(const std::string& name) {
  return source("tests/data/bom/" + name);
}

BomIndex find_ref(const BomSet& bom, std::string_view ref) {
  for (BomIndex c = 0; c < bom.components.size(); ++c) {
    if (bom.components[c].ref == ref) return c;
  }
  return kNoBom;
}

std::string cdx(std::string_view components, std::string_view dependencies = "[]") {
  return fmt::format(
      R"({{"bomFormat": "CycloneDX", "specVersion": "1.6",
"metadata": {{"component": {{"type": "device", "bom-ref": "root", "name": "Box", "manufacturer": {{"name": "ZTE"}}}}}},
"components": {},
"dependencies": {}}})",
      components, dependencies);
}

TEST(CycloneDxReader, ReadsTheExampleHardwareBom) {
  BomSet bom;
  ASSERT_TRUE(read_bom_file(fixture("example-router-hbom.cdx.json"), bom).ok());
  ASSERT_EQ(bom.products.size(), 1u);
  ASSERT_EQ(bom.components.size(), 4u);
  const BomProduct& p = bom.products[0];
  EXPECT_EQ(p.manufacturer, "ExampleVendor Networks Ltd");
  EXPECT_EQ(p.model, "PE router LON01-PE1");
  EXPECT_EQ(p.model_keys[0], "perouterlon01pe1");
  const BomComponent& root = bom.components[p.root];
  EXPECT_EQ(root.ref, "site-LON01-pe1");
  const BomIndex lc = find_ref(bom, "lc-slot1"), npu = find_ref(bom, "npu-1"), fw = find_ref(bom, "fw-main");
  ASSERT_NE(npu, kNoBom);
  EXPECT_EQ(root.children, (std::vector<BomIndex>{lc, fw}));  // top level + dependsOn, once each
  EXPECT_EQ(bom.components[lc].children, std::vector<BomIndex>{npu});
  EXPECT_EQ(bom.components[fw].type, ComponentType::kFirmware);
  EXPECT_EQ(bom.parties[bom.components[npu].manufacturer].name, "ExampleChip Semiconductor Co");
  EXPECT_EQ(bom.parties[bom.components[fw].supplier].name, "ExampleVendor Networks Ltd");
  EXPECT_EQ(bom.components[npu].where.line, 32u);
}

TEST(CycloneDxReader, ModelPropertyWinsAndOtherTypesAreKept) {
  BomSet bom;
  ASSERT_TRUE(read_bom_file(fixture("zte-h298a.cdx.json"), bom).ok());
  ASSERT_TRUE(read_bom_file(fixture("zte-zxr10.cdx.json"), bom).ok());
  EXPECT_EQ(bom.products[0].model, "ZXHN H298A");
  EXPECT_EQ(bom.products[0].manufacturer, "ZTE Corporation");  // supplier when no manufacturer
  const BomIndex crypto = find_ref(bom, "crypto");
  ASSERT_NE(crypto, kNoBom);
  EXPECT_EQ(bom.components[crypto].type, ComponentType::kOther);
  EXPECT_EQ(bom.components[crypto].type_name, "library");
  EXPECT_EQ(bom.parties[bom.components[crypto].supplier].name, "ExampleCrypto Labs");  // legacy author
  EXPECT_EQ(bom.parties[bom.components[find_ref(bom, "fpga")].manufacturer].country, "US");
  // Both line cards share one switching ASIC.
  const BomIndex npu = find_ref(bom, "npu");
  EXPECT_EQ(bom.components[find_ref(bom, "lc-1")].children.size(), 2u);
  EXPECT_EQ(bom.components[find_ref(bom, "lc-2")].children, std::vector<BomIndex>{npu});
}

struct BadCase {
  const char* file;
  const char* message;  // expected to appear, location included
};

TEST(CycloneDxReader, MalformedDocumentsGiveLocatedErrors) {
  const BadCase cases[] = {
      {"bad-json.cdx.json", "bad-json.cdx.json:5:1: malformed JSON: expected a member name"},
      {"cycle.cdx.json", "cycle.cdx.json:11:5 (field 'dependencies'): dependency cycle: a -> b -> a"},
      {"unknown-ref.cdx.json", "unknown-ref.cdx.json:6:57 (field 'dependsOn'): unknown bom-ref 'missing'"},
      {"duplicate-ref.cdx.json",
       "duplicate-ref.cdx.json:7:25 (field 'bom-ref'): duplicate bom-ref 'a' (first declared at"},
      {"wrong-type.cdx.json", "wrong-type.cdx.json:5:63 (field 'name'): 'name' is a number: expected a string"},
  };
  for (const BadCase& c : cases) {
    BomSet bom;
    const Status s = read_bom_file(fixture(std::string("bad/") + c.file), bom);
    ASSERT_FALSE(s.ok()) << c.file;
    EXPECT_EQ(s.kind(), ErrorKind::kInput);
    EXPECT_NE(s.message().find(c.message), std::string::npos) << s.message();
    EXPECT_TRUE(bom.components.empty() && bom.products.empty() && bom.files.empty()) << c.file;
  }
}

TEST(CycloneDxReader, LongerCycleThroughNestingIsNamed) {
  BomSet bom;
  const std::string doc = cdx(R"([{"type": "device", "bom-ref": "a", "name": "A",
      "components": [{"type": "device", "bom-ref": "b", "name": "B"}]},
      {"type": "device", "bom-ref": "c", "name": "C"}])",
                              R"([{"ref": "b", "dependsOn": ["c"]}, {"ref": "c", "dependsOn": ["a"]}])");
  const Status s = read_cyclonedx(doc, "x.json", bom);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("dependency cycle: a -> b -> c -> a"), std::string::npos) << s.message();
}

TEST(CycloneDxReader, NestingBeyondTheLimitIsRefused) {
  std::string nested = R"({"type": "device", "name": "leaf"})";
  for (std::size_t i = 0; i < kMaxBomNesting + 1; ++i) {
    nested = fmt::format(R"({{"type": "device", "name": "n{}", "components": [{}]}})", i, nested);
  }
  BomSet bom;
  const Status s = read_cyclonedx(cdx("[" + nested + "]"), "deep.json", bom);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("nested deeper than 32 levels"), std::string::npos) << s.message();
  // Within the limit it is read.
  std::string ok = R"({"type": "device", "name": "leaf"})";
  for (std::size_t i = 0; i + 1 < kMaxBomNesting; ++i) {
    ok = fmt::format(R"({{"type": "device", "name": "n{}", "components": [{}]}})", i, ok);
  }
  EXPECT_TRUE(read_cyclonedx(cdx("[" + ok + "]"), "ok.json", bom).ok());
}

TEST(CycloneDxReader, HeaderAndShapeErrors) {
  BomSet bom;
  EXPECT_NE(read_cyclonedx(R"({"bomFormat": "SPDX", "specVersion": "1.6"})", "a.json", bom)
                .message()
                .find("expected 'CycloneDX'"),
            std::string::npos);
  EXPECT_NE(read_cyclonedx(R"({"bomFormat": "CycloneDX", "specVersion": "2.0"})", "a.json", bom)
                .message()
                .find("specVersion '2.0' is not supported"),
            std::string::npos);
  EXPECT_NE(read_cyclonedx(cdx(R"({"a": 1})"), "a.json", bom).message().find("'components' is an object"),
            std::string::npos);
  EXPECT_NE(read_cyclonedx(R"({"a": 1, "a": 2})", "a.json", bom).message().find("duplicate member name 'a'"),
            std::string::npos);
  EXPECT_NE(read_cyclonedx("[1, 2", "a.json", bom).message().find("a.json:1:6: malformed JSON"), std::string::npos);
  EXPECT_NE(read_cyclonedx("\"\xff\"", "a.json", bom).message().find("not valid UTF-8"), std::string::npos);
  EXPECT_TRUE(bom.components.empty());
}

TEST(CycloneDxReader, StringEscapesAreDecoded) {
  BomSet bom;
  ASSERT_TRUE(
      read_cyclonedx(cdx(R"([{"type": "device", "name": "caf\u00e9 \ud83d\ude00 \"q\""}])"), "e.json", bom).ok());
  EXPECT_EQ(bom.components[1].name, "caf\xc3\xa9 \xf0\x9f\x98\x80 \"q\"");
}

TEST(BomCsvReader, SharesComponentsAcrossProductsAndKeepsSuppliers) {
  BomSet bom;
  ASSERT_TRUE(read_bom_file(fixture("others.csv"), bom).ok());
  ASSERT_EQ(bom.products.size(), 2u);
  EXPECT_EQ(bom.products[0].model, "Huawei NE40E-X8");  // split when linked
  EXPECT_TRUE(bom.products[0].model_keys.empty());
  // "Switching ASIC" from the same supplier is one component in both products.
  const auto& a = bom.components[bom.products[0].root].children;
  const auto& b = bom.components[bom.products[1].root].children;
  std::vector<BomIndex> shared;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(shared));
  ASSERT_EQ(shared.size(), 1u);
  EXPECT_EQ(bom.components[shared[0]].name, "Switching ASIC");
  EXPECT_EQ(bom.parties[bom.components[shared[0]].supplier].country, "TW");
}

TEST(BomCsvReader, ErrorsAreLocated) {
  BomSet bom;
  EXPECT_NE(
      read_bom_csv("product,component\nA,B\n", "m.csv", bom).message().find("m.csv:1:1: missing column 'supplier'"),
      std::string::npos);
  EXPECT_NE(
      read_bom_csv("product,component,supplier\nA,B\nC,D,E\n", "r.csv", bom).message().find("r.csv:2:1: 2 fields"),
      std::string::npos);
  EXPECT_NE(read_bom_csv("product,component,supplier\nA, ,E\n", "e.csv", bom)
                .message()
                .find("e.csv:2:3 (field 'component'): the component is empty"),
            std::string::npos);
  EXPECT_NE(read_bom_csv("product,component,supplier\n\"A,B,C\n", "q.csv", bom).message().find("q.csv:2"),
            std::string::npos);
  EXPECT_TRUE(bom.products.empty() && bom.parties.empty());
}

TEST(NormalizeModel, IgnoresCaseSpacesAndPunctuation) {
  EXPECT_EQ(normalize_model("ZXR10 M6000-8S"), normalize_model("zxr10 m6000 8s"));
  EXPECT_EQ(normalize_model("F@st 5866T"), "fst5866t");
  EXPECT_NE(normalize_model("NE40E-X8"), normalize_model("NE40E-X16"));
}

// CycloneDX makes metadata and metadata.component optional: a header alone is a BOM of nothing,
// read with a note that no element can link to it.
TEST(CycloneDxReader, ADocumentWithoutAProductIsReadWithANote) {
  BomSet bom;
  ASSERT_TRUE(read_cyclonedx(R"({"bomFormat": "CycloneDX", "specVersion": "1.5"})", "a.json", bom).ok());
  EXPECT_TRUE(bom.products.empty());
  ASSERT_EQ(bom.notes.size(), 1u);
  EXPECT_NE(bom.notes[0].find("a.json:1:1: no product"), std::string::npos) << bom.notes[0];
}

// Without metadata.component, each top-level device is a product of its own maker; libraries and
// excluded devices are not.
TEST(CycloneDxReader, TopLevelDevicesAreProductsWhenThereIsNoMetadataComponent) {
  BomSet bom;
  const Status s = read_cyclonedx(R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
      {"type": "device", "name": "ZXHN H298A", "manufacturer": {"name": "ZTE"},
       "components": [{"type": "firmware", "name": "fw", "supplier": {"name": "ExampleSoft Inc"}}]},
      {"type": "library", "name": "libfoo", "supplier": {"name": "Foo"}},
      {"type": "device", "name": "Spare", "scope": "excluded", "supplier": {"name": "Nokia"}},
      {"type": "device", "name": "Anonymous box"}]})",
                                  "devices.json", bom);
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(bom.products.size(), 2u);
  EXPECT_EQ(bom.products[0].manufacturer, "ZTE");
  EXPECT_EQ(bom.products[0].model, "ZXHN H298A");
  EXPECT_EQ(bom.components[bom.products[0].root].children.size(), 1u);
  EXPECT_EQ(bom.products[1].manufacturer, "");
  std::string notes;
  for (const auto& n : bom.notes) notes += n + "\n";
  EXPECT_NE(notes.find("product 'Anonymous box' names no maker"), std::string::npos) << notes;
  EXPECT_NE(notes.find("1 component(s) of scope 'excluded' are not counted as parts (first: 'Spare')"),
            std::string::npos)
      << notes;
}

TEST(CycloneDxReader, SelfDependencyIsIgnoredWithANote) {
  BomSet bom;
  const Status s = read_cyclonedx(cdx(R"([{"type": "device", "bom-ref": "a", "name": "A"}])",
                                      R"([{"ref": "a", "dependsOn": ["a"]}, {"ref": "root", "dependsOn": ["a"]}])"),
                                  "self.json", bom);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_TRUE(bom.components[find_ref(bom, "a")].children.empty());
  ASSERT_EQ(bom.notes.size(), 1u);
  EXPECT_NE(bom.notes[0].find("'a' depends on itself: ignored"), std::string::npos) << bom.notes[0];
}

// Services are read as components whose supplier is their provider, and may be dependsOn targets.
TEST(CycloneDxReader, ServicesAreDependencyTargetsSuppliedByTheirProvider) {
  BomSet bom;
  std::string doc = cdx(R"([{"type": "firmware", "bom-ref": "fw", "name": "OS"}])",
                        R"([{"ref": "root", "dependsOn": ["fw"]}, {"ref": "fw", "dependsOn": ["cloud"]}])");
  doc.insert(doc.rfind('}'), R"(, "services": [{"bom-ref": "cloud", "name": "Device management",
      "provider": {"name": "ExampleCloud Ltd"}, "services": [{"bom-ref": "auth", "name": "Login"}]}])");
  const Status s = read_cyclonedx(doc, "svc.json", bom);
  ASSERT_TRUE(s.ok()) << s.message();
  const BomIndex cloud = find_ref(bom, "cloud");
  ASSERT_NE(cloud, kNoBom);
  EXPECT_EQ(bom.components[cloud].type, ComponentType::kService);
  EXPECT_EQ(bom.parties[bom.components[cloud].supplier].name, "ExampleCloud Ltd");
  EXPECT_EQ(bom.components[find_ref(bom, "fw")].children, std::vector<BomIndex>{cloud});
  EXPECT_EQ(bom.components[cloud].children, std::vector<BomIndex>{find_ref(bom, "auth")});
}

TEST(CycloneDxReader, UnknownTypesEmptyRefsAndBadScopesAreRefusedWhereTheyAre) {
  const struct {
    std::string components, message;
  } cases[] = {
      {R"([{"type": "hardware", "name": "A"}])",
       "bad.json:3:25 (field 'type'): 'hardware' is not a CycloneDX 1.6 component type (one of: application"},
      {R"([{"type": "hardware", "name": "A"}])", "hardware parts are of type 'device'"},
      {R"([{"type": "devise", "name": "A"}])", "'devise' is not a CycloneDX 1.6 component type"},
      {R"([{"type": "device", "name": "A", "bom-ref": ""}])", "(field 'bom-ref'): empty bom-ref"},
      {R"([{"type": "device", "name": "A", "scope": "maybe"}])",
       "(field 'scope'): scope 'maybe': expected required, optional or excluded"},
  };
  for (const auto& c : cases) {
    BomSet bom;
    const Status s = read_cyclonedx(cdx(c.components), "bad.json", bom);
    ASSERT_FALSE(s.ok()) << c.components;
    EXPECT_NE(s.message().find(c.message), std::string::npos) << s.message();
    EXPECT_TRUE(bom.components.empty() && bom.notes.empty());
  }
  // "data" is a component type from 1.5 on.
  BomSet bom;
  std::string v14 = cdx(R"([{"type": "data", "name": "A"}])");
  v14.replace(v14.find("1.6"), 3, "1.4");
  EXPECT_NE(read_cyclonedx(v14, "old.json", bom).message().find("'data' is not a CycloneDX 1.4 component type"),
            std::string::npos);
  std::string v15 = v14;
  v15.replace(v15.find("1.4"), 3, "1.5");
  EXPECT_TRUE(read_cyclonedx(v15, "new.json", bom).ok());
}

}  // namespace
}  // namespace kitwatch
