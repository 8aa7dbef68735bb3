#include "base/string_pool.h"

#include <gtest/gtest.h>

#include <string>
#include <unordered_map>

namespace kitwatch {
namespace {

TEST(StringPoolTest, EmptyStringIsIdZero) {
  StringPool pool;
  EXPECT_EQ(pool.size(), 1u);
  EXPECT_EQ(pool.intern(""), 0u);
  EXPECT_EQ(pool.view(0), "");
}

TEST(StringPoolTest, InternsEachDistinctStringOnce) {
  StringPool pool;
  bool inserted = false;
  const StrId a = pool.intern("huawei", inserted);
  EXPECT_TRUE(inserted);
  EXPECT_EQ(pool.intern("huawei", inserted), a);
  EXPECT_FALSE(inserted);
  EXPECT_NE(pool.intern("Huawei"), a);
  EXPECT_EQ(pool.find("huawei"), a);
  EXPECT_EQ(pool.find("zte"), StringPool::kMissing);
}

TEST(StringPoolTest, MatchesAHashMapThroughManyGrowths) {
  StringPool pool;
  std::unordered_map<std::string, StrId> reference;
  for (int i = 0; i < 50000; ++i) {
    const std::string key = "element-" + std::to_string((i * 7919) % 20011);
    const StrId id = pool.intern(key);
    auto [it, inserted] = reference.emplace(key, id);
    EXPECT_EQ(it->second, id);
  }
  EXPECT_EQ(pool.size(), reference.size() + 1);
  for (const auto& [key, id] : reference) EXPECT_EQ(pool.view(id), key);
}

}  // namespace
}  // namespace kitwatch
