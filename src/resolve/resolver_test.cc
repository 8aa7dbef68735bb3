#include "resolve/resolver.h"

#include <gtest/gtest.h>

namespace kitwatch {
namespace {

TEST(ResolverTest, ResolvesEachDistinctVendorAndFlagsOperatorBrands) {
  auto reg = Registry::builtin();
  ASSERT_TRUE(reg.ok());
  ElementStore store;
  const char* vendors[] = {"Huawei Device Co., Ltd.", "zte corp", "BT", "", "Acme Widgets", "zte corp"};
  int i = 0;
  for (const char* v : vendors) {
    ElementRow row;
    const std::string id = "e" + std::to_string(i++);
    row.id = id;
    row.declared_vendor = v;
    store.append(row);
  }
  const Resolution r = resolve(store, *reg, *Date::parse("2024-01-01"));
  ASSERT_EQ(r.manufacturer.size(), 6u);
  EXPECT_EQ(reg->entity(r.manufacturer[0]).id, "huawei-device");
  EXPECT_EQ(reg->entity(r.controller[0]).id, "huawei");
  EXPECT_EQ(reg->entity(r.manufacturer[1]).id, "zte");
  EXPECT_EQ(r.manufacturer[2], kNoEntity);
  EXPECT_EQ(r.by_vendor[store.declared_vendor[2]].evidence, Evidence::kOperatorBrand);
  EXPECT_EQ(r.manufacturer[3], kNoEntity);
  EXPECT_EQ(r.manufacturer[4], kNoEntity);
  EXPECT_EQ(r.by_vendor[store.declared_vendor[4]].evidence, Evidence::kNone);
  EXPECT_EQ(r.manufacturer[5], r.manufacturer[1]);
}

}  // namespace
}  // namespace kitwatch
