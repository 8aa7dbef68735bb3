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

// reserve() jumps straight to the table's final size, interning goes on growing it past that, and
// intern_hashed with a hash from hash_of() must agree with intern().
TEST(StringPoolTest, ReservedLargeTableAndPrecomputedHashesAgreeWithAHashMap) {
  StringPool pool;
  pool.reserve(200000, 200000 * 12);
  std::unordered_map<std::string, StrId> reference;
  for (std::int64_t i = 0; i < 300000; ++i) {  // past the reservation: one more growth
    const std::string key = "cpe-" + std::to_string((i * 7919) % 225001);
    bool inserted = false;
    const StrHash hash = StringPool::hash_of(key);
    pool.prefetch(hash);
    const StrId id = i % 2 == 0 ? pool.intern_hashed(key, hash, inserted) : pool.intern(key, inserted);
    auto [it, fresh] = reference.emplace(key, id);
    EXPECT_EQ(it->second, id);
    EXPECT_EQ(inserted, fresh);
  }
  EXPECT_EQ(pool.size(), reference.size() + 1);
  for (const auto& [key, id] : reference) {
    EXPECT_EQ(pool.view(id), key);
    EXPECT_EQ(pool.find(key), id);
  }
  EXPECT_EQ(pool.find("cpe-x"), StringPool::kMissing);
}

}  // namespace
}  // namespace kitwatch
