// select_elements: the policy language's selection for other modules, located errors included.
#include <gtest/gtest.h>

#include "policy/policy.h"

namespace kitwatch {
namespace {

class SelectElementsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto reg = Registry::builtin();
    ASSERT_TRUE(reg.ok()) << reg.status().message();
    registry_ = std::make_unique<Registry>(std::move(*reg));
    auto macs = MacRegistry::load("/nonexistent-ieee-dir");
    ASSERT_TRUE(macs.ok());
    const std::pair<const char*, const char*> elements[] = {
        {"Huawei", "ran"}, {"Nokia", "ran"}, {"Huawei", "core"}, {"Ericsson", "ran"}, {"Huawei", "ran"}};
    for (const auto& [vendor, function] : elements) {
      const std::string id = "e" + std::to_string(store_.size());
      ElementRow row;
      row.id = id;
      row.declared_vendor = vendor;
      row.function = *parse_function(function);
      ASSERT_NE(store_.append(row), kNoElement);
    }
    resolution_ = resolve(store_, *registry_, *macs, as_of_);
  }
  Result<std::vector<ElementIndex>> select(std::string_view selector, unsigned threads = 2) {
    return select_elements(selector, where_, PolicyContext{store_, *registry_, resolution_, as_of_, threads});
  }

  std::unique_ptr<Registry> registry_;
  ElementStore store_;
  Resolution resolution_;
  Date as_of_ = *Date::parse("2024-01-01");
  SourceLocation where_{"scenario.yaml", 7, 5, ""};
};

TEST_F(SelectElementsTest, GivesTheMatchingElementsInStoreOrder) {
  auto hits = select("entity.ids has \"huawei\" and function == ran");
  ASSERT_TRUE(hits.ok()) << hits.status().message();
  EXPECT_EQ(*hits, (std::vector<ElementIndex>{0, 4}));
  auto one_thread = select("function == ran", 1);
  ASSERT_TRUE(one_thread.ok());
  EXPECT_EQ(*one_thread, (std::vector<ElementIndex>{0, 1, 3, 4}));
}

TEST_F(SelectElementsTest, LocatesErrorsAtTheGivenPlace) {
  for (const char* bad : {"function = ran", "entity.lists has no-such-list"}) {
    auto hits = select(bad);
    ASSERT_FALSE(hits.ok()) << bad;
    EXPECT_NE(hits.status().message().find("scenario.yaml:7:5"), std::string::npos) << hits.status().message();
  }
  EXPECT_TRUE(check_selector("function == ran", [&](std::size_t) { return where_; }).ok());
  const Status bad = check_selector("function = ran", [&](std::size_t) { return where_; });
  EXPECT_FALSE(bad.ok());
}

}  // namespace
}  // namespace kitwatch
