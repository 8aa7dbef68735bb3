#include "registry/registry.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace kitwatch {
namespace {

TEST(RegistryTest, BuiltinLoadsWithSourcedDesignations) {
  auto reg = Registry::builtin();
  ASSERT_TRUE(reg.ok()) << reg.status().message();
  EXPECT_FALSE(reg->version().empty());
  const auto huawei = reg->find_entity("huawei");
  ASSERT_TRUE(huawei.has_value());
  const auto fcc = reg->find_list("us-fcc-covered");
  ASSERT_TRUE(fcc.has_value());
  bool found = false;
  for (const Designation& d : reg->lists()[*fcc].entries) {
    EXPECT_FALSE(d.source.empty());
    if (d.entity == *huawei) {
      found = true;
      EXPECT_EQ(d.added.to_string(), "2021-03-12");
    }
  }
  EXPECT_TRUE(found);
}

TEST(RegistryTest, NormalizesNamesAndMatchesAliases) {
  EXPECT_EQ(normalize_entity_name("HUAWEI TECHNOLOGIES CO.,LTD"), "huawei");
  EXPECT_EQ(normalize_entity_name("ＺＴＥ Corp."), "zte");  // full-width letters fold (NFKC)
  EXPECT_EQ(normalize_entity_name("Zhejiang Dahua Technology S.A."), "zhejiang dahua");
  EXPECT_EQ(normalize_entity_name("  Cisco Systems, Inc. "), "cisco systems");
  EXPECT_EQ(normalize_entity_name("华为"), "华为");
  auto reg = Registry::builtin();
  ASSERT_TRUE(reg.ok());
  auto id_of = [&](std::string_view name) -> std::string {
    auto m = reg->match_name(name);
    return m ? reg->entity(m->entity).id : "-";
  };
  EXPECT_EQ(id_of("HUAWEI TECHNOLOGIES CO.,LTD"), "huawei");
  EXPECT_EQ(id_of("huawei"), "huawei");
  EXPECT_EQ(id_of("Huawei Tech."), "huawei");
  EXPECT_EQ(id_of("华为"), "huawei");
  EXPECT_EQ(id_of("zte corp"), "zte");
  EXPECT_EQ(id_of("ZTE Corporation"), "zte");
  EXPECT_EQ(id_of("Huawei Device Co., Ltd."), "huawei-device");
  EXPECT_EQ(id_of("Nokia Solutions and Networks"), "nokia");
  EXPECT_EQ(id_of("Aztech Systems"), "-");  // 'zte' inside another word is not ZTE
  EXPECT_EQ(id_of(""), "-");
  EXPECT_EQ(reg->match_name("Huawei Enterprise Dept.")->kind, NameMatch::Kind::kLeadingWords);
  EXPECT_EQ(reg->match_name("huawei")->kind, NameMatch::Kind::kExact);
  EXPECT_EQ(id_of("Hua Wei Lighting"), "-");
}

TEST(RegistryTest, FuzzyMatchingCatchesTyposNotLookAlikes) {
  auto reg = Registry::builtin();
  ASSERT_TRUE(reg.ok());
  auto fuzzy = [&](std::string_view name) -> std::string {
    auto m = reg->match_name_fuzzy(name, 0.92);
    return m ? reg->entity(m->entity).id : "-";
  };
  EXPECT_EQ(fuzzy("Huawie Technologies"), "huawei");
  EXPECT_EQ(fuzzy("Erricsson"), "ericsson");
  EXPECT_EQ(fuzzy("ZTT"), "-");
  EXPECT_EQ(fuzzy("Hua Wei Lighting"), "-");
  EXPECT_EQ(fuzzy("Aztech"), "-");
}

TEST(RegistryTest, JaroWinklerKnownValues) {
  EXPECT_NEAR(jaro_winkler("martha", "marhta"), 0.9611, 1e-4);
  EXPECT_NEAR(jaro_winkler("dwayne", "duane"), 0.84, 1e-4);
  EXPECT_NEAR(jaro_winkler("dixon", "dicksonx"), 0.8133, 1e-4);
  EXPECT_DOUBLE_EQ(jaro_winkler("same", "same"), 1.0);
  EXPECT_DOUBLE_EQ(jaro_winkler("abc", "xyz"), 0.0);
}

TEST(RegistryTest, ModelPatternsIdentifyProductLines) {
  auto reg = Registry::builtin();
  ASSERT_TRUE(reg.ok());
  auto maker = [&](std::string_view model) -> std::string {
    const ModelPattern* p = reg->match_model(model);
    return p ? reg->entity(p->entity).id : "-";
  };
  EXPECT_EQ(maker("NE40E-X8"), "huawei");
  EXPECT_EQ(maker("EchoLife HG8245H"), "huawei");
  EXPECT_EQ(maker("ZXA10 C300"), "zte");
  EXPECT_EQ(maker("K3765-Z"), "zte");  // Vodafone-branded, ZTE-made
  EXPECT_EQ(maker("K3765"), "huawei");
  EXPECT_EQ(maker("FRITZ!Box 7590"), "avm");
  EXPECT_EQ(maker("Home Hub 5"), "-");
}

TEST(RegistryTest, OverlaysAddAndOverride) {
  auto base = Registry::builtin();
  ASSERT_TRUE(base.ok());
  const std::string path = ::testing::TempDir() + "/" + std::to_string(::getpid()) + "-overlay.yaml";
  std::ofstream(path)
      << "entities:\n  - {id: acme, name: Acme Routers Ltd, country: GB, kind: manufacturer, source: test}\n"
         "  - {id: nokia, aliases: [Nokkia Networks]}\n"
         "lists:\n  - id: us-fcc-covered\n    entries: [{entity: acme, added: 2030-01-01, source: test}]\n";
  auto reg = Registry::builtin({path});
  ASSERT_TRUE(reg.ok()) << reg.status().message();
  EXPECT_EQ(reg->entities().size(), base->entities().size() + 1);
  EXPECT_EQ(reg->entity(reg->match_name("Nokkia Networks")->entity).id, "nokia");
  EXPECT_EQ(reg->entity(*reg->find_entity("nokia")).name, "Nokia Corporation");  // fields not given are kept
  const auto fcc = reg->find_list("us-fcc-covered");
  EXPECT_EQ(reg->lists()[*fcc].entries.size(), base->lists()[*fcc].entries.size() + 1);
  std::ofstream(path) << "entities:\n  - {id: acme, name: Acme}\n";
  auto bad = Registry::builtin({path});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("overlay.yaml:2:5: missing required key 'country'"), std::string::npos)
      << bad.status().message();
}

TEST(RegistryTest, ControlChainFollowsDatedControlLinks) {
  const char* yaml = R"(version: t
date: 2024-01-01
entities:
  - {id: a, name: A, country: CN, kind: manufacturer, source: s,
     parents: [{entity: b, control: true, from: 2020-01-01, source: s}]}
  - {id: b, name: B, country: CN, kind: manufacturer, source: s, parents: [{entity: c, control: true, source: s}]}
  - {id: c, name: C, country: CN, kind: manufacturer, source: s, parents: [{entity: d, share: 0.6, source: s}]}
  - {id: d, name: D, country: CN, kind: manufacturer, source: s, parents: [{entity: e, share: 0.3, source: s}]}
  - {id: e, name: E, country: CN, kind: holding, source: s}
lists: []
)";
  auto reg = Registry::from_yaml(yaml, "t.yaml");
  ASSERT_TRUE(reg.ok()) << reg.status().message();
  const EntityIndex a = *reg->find_entity("a");
  EXPECT_EQ(reg->control_chain(a, *Date::parse("2019-06-01")).size(), 1u);
  // a → b (stated control) → c → d (60% is control); d → e (30%) is not.
  EXPECT_EQ(reg->control_chain(a, *Date::parse("2021-06-01")).size(), 4u);
}

TEST(RegistryTest, OwnershipCyclesAreAnInputError) {
  const char* yaml = R"(version: t
date: 2024-01-01
entities:
  - {id: a, name: A, country: CN, kind: manufacturer, source: s, parents: [{entity: b, control: true, source: s}]}
  - {id: b, name: B, country: CN, kind: manufacturer, source: s, parents: [{entity: a, share: 0.1, source: s}]}
)";
  auto reg = Registry::from_yaml(yaml, "t.yaml");
  ASSERT_FALSE(reg.ok());
  EXPECT_NE(reg.status().message().find("ownership cycle"), std::string::npos) << reg.status().message();
}

TEST(RegistryTest, ErrorsNameLineAndColumn) {
  struct Case {
    const char* yaml;
    const char* expected;
  };
  const Case cases[] = {
      {"version: t\ndate: 2024-01-01\nentities: []\nlists: []\ncolour: red\n", "t.yaml:5:1: unknown key 'colour'"},
      {"version: t\ndate: 2024-02-30\n", "t.yaml:2:7: '2024-02-30' is not a real date"},
      {"version: t\ndate: 2024-01-01\nentities:\n  - {id: a, name: A, country: X, kind: manufacturer, source: s,\n"
       "     parents: [{entity: zz, source: s}]}\n",
       "t.yaml:5:16: parent 'zz' is not an entity"},
      {"version: t\ndate: 2024-01-01\nlists:\n  - {id: l, authority: x, jurisdiction: x, title: x,\n"
       "     entries: [{entity: nobody, added: 2020-01-01, source: s}]}\n",
       "t.yaml:5:16: list entry 'nobody' is not an entity"},
      {"version: t\ndate: [unclosed\n", "t.yaml:"},
      // Regressions found by fuzzing (fuzz/regressions/fuzz_registry_yaml): empty required dates.
      {"version: t\ndate: \"\"\n", "the registry needs a 'version' and a 'date'"},
      {"version: t\ndate: 2024-01-01\nentities: [{id: a, name: A, country: X, kind: manufacturer, source: s}]\n"
       "lists: [{id: l, authority: x, jurisdiction: x, title: x, entries: [{entity: a, added: \"\", source: s}]}]\n",
       "needs a date"},
  };
  for (const Case& c : cases) {
    auto reg = Registry::from_yaml(c.yaml, "t.yaml");
    ASSERT_FALSE(reg.ok()) << c.yaml;
    EXPECT_NE(reg.status().message().find(c.expected), std::string::npos) << reg.status().message();
  }
}

TEST(RegistryTest, DesignationActiveWindow) {
  Designation d;
  d.added = *Date::parse("2018-04-15");
  d.removed = *Date::parse("2018-07-13");
  EXPECT_FALSE(d.active_on(*Date::parse("2018-04-14")));
  EXPECT_TRUE(d.active_on(*Date::parse("2018-04-15")));
  EXPECT_TRUE(d.active_on(*Date::parse("2018-07-12")));
  EXPECT_FALSE(d.active_on(*Date::parse("2018-07-13")));
}

}  // namespace
}  // namespace kitwatch
