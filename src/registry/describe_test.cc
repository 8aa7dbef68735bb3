// The registry for people (kitwatch registry info|lists|show): every fact with its source.
#include <gtest/gtest.h>

#include "registry/mac_registry.h"
#include "registry/registry.h"

namespace kitwatch {
namespace {

TEST(RegistryDescribeTest, InfoListsAndShow) {
  auto reg = Registry::builtin();
  ASSERT_TRUE(reg.ok()) << reg.status().message();
  auto macs = MacRegistry::load("/nonexistent-ieee-dir");
  ASSERT_TRUE(macs.ok());
  const std::string info = describe_registry(*reg, *macs);
  EXPECT_NE(info.find(std::to_string(reg->entities().size()) + " entities"), std::string::npos) << info;
  EXPECT_NE(info.find("IEEE MAC registry: not found in /nonexistent-ieee-dir"), std::string::npos) << info;
  auto shown = describe_entity(*reg, "huawei-device");
  ASSERT_TRUE(shown.ok());
  EXPECT_NE(shown->find("parent: huawei"), std::string::npos) << *shown;
  const std::string lists = describe_lists(*reg);
  EXPECT_NE(lists.find("us-bis-zte-denial-2018"), std::string::npos);
  EXPECT_NE(lists.find("2018-04-15 → 2018-07-13"), std::string::npos) << lists;
  // An alias or the full name finds the entity too; a near miss does not.
  for (const char* name : {"ZTE", "Zhongxing", "Huawei Technologies Co., Ltd."}) {
    auto by_alias = describe_entity(*reg, name);
    ASSERT_TRUE(by_alias.ok()) << name << ": " << by_alias.status().message();
    EXPECT_TRUE(
        by_alias->starts_with(std::string(name) == "ZTE" || std::string(name) == "Zhongxing" ? "zte —" : "huawei —"))
        << *by_alias;
  }
  EXPECT_FALSE(describe_entity(*reg, "ZTT").ok());
  auto nobody = describe_entity(*reg, "nobody");
  ASSERT_FALSE(nobody.ok());
  EXPECT_EQ(nobody.status().kind(), ErrorKind::kUsage);
}

}  // namespace
}  // namespace kitwatch
