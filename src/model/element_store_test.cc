#include "model/element_store.h"

#include <gtest/gtest.h>

namespace kitwatch {
namespace {

TEST(MacTest, AcceptsEveryCommonNotation) {
  const Mac expected = 0x30fbb8000001ull;
  for (const char* text :
       {"30:fb:b8:00:00:01", "30-FB-B8-00-00-01", "30fb.b800.0001", "30FBB8000001", " 30:fb:b8:00:00:01 "}) {
    const auto mac = parse_mac(text);
    ASSERT_TRUE(mac.has_value()) << text;
    EXPECT_EQ(*mac, expected) << text;
  }
  EXPECT_EQ(format_mac(expected), "30:fb:b8:00:00:01");
}

TEST(MacTest, RejectsMalformedAddresses) {
  for (const char* text : {"", "30:fb:b8:00:00", "30:fb:b8:00:00:01:02", "30:fb:b8-00:00:01", "3:0fb:b8:00:00:01",
                           "30fb.b8000001", "zz:fb:b8:00:00:01", "30fbb800000", "30fbb80000011"}) {
    EXPECT_FALSE(parse_mac(text).has_value()) << text;
  }
}

TEST(CanonicalTagsTest, SortsDeduplicatesAndLowercases) {
  std::vector<std::string> scratch;
  std::string out;
  const std::vector<std::string_view> tags = {" 5G", "fttp", "5g", "", "Sensitive-Site"};
  canonical_tags(tags, scratch, out);
  EXPECT_EQ(out, "5g;fttp;sensitive-site");
  canonical_tags({}, scratch, out);
  EXPECT_EQ(out, "");
}

TEST(ElementStoreTest, AppendsFindsAndRefusesDuplicateIds) {
  ElementStore store;
  ElementRow row;
  row.id = "a1";
  row.function = Function::kAccess;
  const Mac macs[] = {1, 2};
  row.macs = macs;
  EXPECT_EQ(store.append(row), 0u);
  row.id = "c1";
  row.uplink = "a1";
  row.macs = {};
  EXPECT_EQ(store.append(row), 1u);
  row.id = "c2";
  row.uplink = "missing";
  EXPECT_EQ(store.append(row), 2u);
  row.id = "a1";
  EXPECT_EQ(store.append(row), kNoElement);
  EXPECT_EQ(store.size(), 3u);
  EXPECT_EQ(store.find("c1"), 1u);
  EXPECT_EQ(store.find("nope"), kNoElement);
  EXPECT_EQ(store.id_of(2), "c2");
  EXPECT_EQ(store.macs_of(0).size(), 2u);
  EXPECT_EQ(store.macs_of(1).size(), 0u);
  const auto dangling = store.link_uplinks();
  ASSERT_EQ(dangling.size(), 1u);
  EXPECT_EQ(dangling[0], 2u);
  EXPECT_EQ(store.uplink[1], 0u);
  EXPECT_EQ(store.uplink[0], kNoElement);
}

TEST(FunctionTest, ParsesExactNamesOnly) {
  EXPECT_EQ(parse_function("RAN"), Function::kRan);
  EXPECT_EQ(parse_function("cpe"), Function::kCpe);
  EXPECT_FALSE(parse_function("core router").has_value());
}

}  // namespace
}  // namespace kitwatch
