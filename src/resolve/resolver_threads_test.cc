// resolve() with one thread and with several gives the same Resolution: the same decisions in the
// same order (unregistered makers are numbered as they are met) and the same decision per element.
#include <gtest/gtest.h>

#include <random>

#include "ingest/ingest.h"
#include "resolve/resolver.h"

namespace kitwatch {
namespace {

constexpr std::string_view kOui =
    "Registry,Assignment,Organization Name,Organization Address\n"
    "MA-L,30FBB8,\"HUAWEI TECHNOLOGIES CO.,LTD\",Shenzhen CN\n"
    "MA-L,086083,zte corporation,Shenzhen CN\n"
    "MA-L,F8084F,Sagemcom Broadband SAS,Rueil Malmaison FR\n"
    "MA-L,00AABB,Acme Gadgets Ltd,Nowhere\n";

// Messy vendors (registered, white-labelled, unregistered), models and MACs in random runs, so
// distinct keys first appear in every part of the store.
ElementStore messy_store(std::size_t size) {
  static const char* const kVendors[] = {
      "Huawei",  "HUAWEI TECHNOLOGIES CO.,LTD", "zte", "ZTE Corp", "Nokia", "BT", "Acme Widgets", "Foo Networks", "",
      "Sagemcom"};
  static const char* const kModels[] = {"", "OptiX OSN 1800", "ZXHN F670", "HG8245H", "7750 SR", "X1"};
  static const char* const kMacs[] = {"", "30:fb:b8:00:00:01", "08:60:83:00:00:02", "f8:08:4f:00:00:03",
                                      "00:aa:bb:00:00:04"};
  std::mt19937 rng(7);
  auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  ElementStore store;
  std::size_t vendor = 0, model = 0, mac = 0;
  for (std::size_t e = 0; e < size; ++e) {
    if (pick(4) == 0)
      vendor = pick(std::size(kVendors)), model = pick(std::size(kModels)), mac = pick(std::size(kMacs));
    const std::string id = "e" + std::to_string(e);
    // Unregistered names unique to the late part of the store get their maker ids last.
    const std::string late = "Late Maker " + std::to_string(e % 7);
    ElementRow row;
    row.id = id;
    row.declared_vendor = e > size * 3 / 4 && pick(5) == 0 ? std::string_view(late) : kVendors[vendor];
    row.model = kModels[model];
    std::vector<Mac> macs;
    if (auto m = parse_mac(kMacs[mac])) macs.push_back(*m);
    row.macs = macs;
    store.append(row);
  }
  return store;
}

void expect_same(const Resolution& a, const Resolution& b, const Registry& registry) {
  ASSERT_EQ(a.decision_of, b.decision_of);
  ASSERT_EQ(a.unregistered, b.unregistered);
  ASSERT_EQ(a.decisions.size(), b.decisions.size());
  for (std::size_t i = 0; i < a.decisions.size(); ++i) {
    const Decision &x = a.decisions[i], &y = b.decisions[i];
    EXPECT_EQ(a.maker_id(x.maker, registry), b.maker_id(y.maker, registry)) << "decision " << i;
    EXPECT_EQ(x.maker, y.maker);
    EXPECT_EQ(x.controller, y.controller);
    EXPECT_EQ(x.confidence, y.confidence);
    EXPECT_EQ(x.flags, y.flags);
    ASSERT_EQ(x.evidence.size(), y.evidence.size());
    for (std::size_t k = 0; k < x.evidence.size(); ++k) {
      EXPECT_EQ(x.evidence[k].maker, y.evidence[k].maker);
      EXPECT_EQ(x.evidence[k].detail, y.evidence[k].detail);
      EXPECT_EQ(x.evidence[k].weight, y.evidence[k].weight);
    }
  }
}

TEST(ResolverThreads, EveryThreadCountGivesTheOneThreadedResolution) {
  auto registry = Registry::builtin();
  ASSERT_TRUE(registry.ok());
  auto macs = MacRegistry::from_csv(kOui, 24, "oui.csv");
  ASSERT_TRUE(macs.ok());
  const Date as_of = *Date::parse("2024-01-01");
  for (std::size_t size : {1, 2, 3, 50, 5000}) {
    SCOPED_TRACE(testing::Message() << size << " elements");
    const ElementStore store = messy_store(size);
    ResolveOptions one;
    one.threads = 1;
    const Resolution serial = resolve(store, *registry, *macs, as_of, one);
    for (unsigned threads : {2u, 3u, 8u}) {
      ResolveOptions many;
      many.threads = threads;
      expect_same(serial, resolve(store, *registry, *macs, as_of, many), *registry);
    }
  }
}

}  // namespace
}  // namespace kitwatch
