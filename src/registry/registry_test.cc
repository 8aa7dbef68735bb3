#include "registry/registry.h"

#include <gtest/gtest.h>

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
  EXPECT_EQ(normalize_entity_name("HUAWEI TECHNOLOGIES CO.,LTD"), "huawei technologies");
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
  EXPECT_DOUBLE_EQ(reg->match_name("Huawei Enterprise Dept.")->confidence, 0.9);
  EXPECT_DOUBLE_EQ(reg->match_name("huawei")->confidence, 1.0);
}

TEST(RegistryTest, ControlChainFollowsDatedControlLinksAndStopsOnCycles) {
  const char* yaml = R"(version: t
date: 2024-01-01
entities:
  - {id: a, name: A, country: CN, kind: manufacturer, source: s,
     parents: [{entity: b, control: true, from: 2020-01-01, source: s}]}
  - {id: b, name: B, country: CN, kind: manufacturer, source: s, parents: [{entity: c, control: true, source: s}]}
  - {id: c, name: C, country: CN, kind: manufacturer, source: s, parents: [{entity: a, control: true, source: s}]}
lists: []
)";
  auto reg = Registry::from_yaml(yaml, "t.yaml");
  ASSERT_TRUE(reg.ok()) << reg.status().message();
  const EntityIndex a = *reg->find_entity("a");
  EXPECT_EQ(reg->control_chain(a, *Date::parse("2019-06-01")).size(), 1u);
  EXPECT_EQ(reg->control_chain(a, *Date::parse("2021-06-01")).size(), 3u);
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
       "t.yaml:5:25: 'nobody' is not an entity"},
      {"version: t\ndate: [unclosed\n", "t.yaml:"},
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
