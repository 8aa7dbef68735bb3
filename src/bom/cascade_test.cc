// The cascade: hand-checked fixtures (shared and nested components, a supplier cut off at a date
// boundary, a designation), memoisation on an exponential DAG, and a brute-force reference on
// small random DAGs.
#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>

#include "bom/bom.h"
#include "ingest/ingest.h"
#include "test_support.h"
#include "topology/topology.h"

#include <gtest/gtest.h>

namespace kitwatch {
namespace {

using testing_support::source;

Date day(const char* text) {
  return *Date::parse(text);
}

class CascadeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto reg = Registry::builtin();
    ASSERT_TRUE(reg.ok()) << reg.status().message();
    registry_ = new Registry(std::move(*reg));
  }
  static void TearDownTestSuite() {
    delete registry_;
    registry_ = nullptr;
  }

  void load_fixtures() {
    IngestOptions options;
    IngestReport report;
    ASSERT_TRUE(ingest_inventory(source("tests/data/bom/inventory.csv"), options, store_, report).ok());
    ASSERT_TRUE(finish_inventory(options, store_, report).ok());
    auto macs = MacRegistry::from_csv("Registry,Assignment,Organization Name,Organization Address\n", 24, "none");
    ASSERT_TRUE(macs.ok());
    resolution_ = resolve(store_, *registry_, *macs, day("2018-05-01"));
    for (const char* f : {"zte-zxr10.cdx.json", "zte-h298a.cdx.json", "others.csv"}) {
      ASSERT_TRUE(read_bom_file(source(std::string("tests/data/bom/") + f), bom_).ok()) << f;
    }
  }

  CascadeReport run(const CascadeScenario& scenario, const char* as_of, const CascadeOptions* topo = nullptr) {
    CascadeOptions options = topo ? *topo : CascadeOptions{};
    options.as_of = day(as_of);
    auto r = run_cascade(bom_, store_, *registry_, resolution_, {}, scenario, options);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? std::move(*r) : CascadeReport{};
  }

  std::vector<std::string> affected_ids(const CascadeReport& r) const {
    std::vector<std::string> ids;
    for (ElementIndex e = 0; e < r.element_losses.size(); ++e) {
      if (r.element_losses[e]) ids.emplace_back(store_.id_of(e));
    }
    return ids;
  }
  std::uint8_t losses_of(const CascadeReport& r, std::string_view id) const {
    return r.element_losses[store_.find(id)];
  }

  static CascadeScenario us_denial() {
    CascadeScenario s;
    s.suppliers = {"US"};
    s.target = "zte";
    s.from = day("2018-04-15");
    s.until = day("2018-07-13");
    return s;
  }

  static Registry* registry_;
  ElementStore store_;
  Resolution resolution_;
  BomSet bom_;
};
Registry* CascadeTest::registry_ = nullptr;

TEST_F(CascadeTest, LinksElementsByControllerAndNormalisedModel) {
  load_fixtures();
  const BomLinks links = link_boms(bom_, store_, *registry_, resolution_, day("2018-05-01"));
  std::vector<std::string> linked;
  for (ElementIndex e = 0; e < store_.size(); ++e) {
    if (links.element_product[e] != kNoBom) linked.emplace_back(store_.id_of(e));
  }
  // ZTE kit under three spellings of model and maker; Huawei and Nokia through the CSV's
  // "Manufacturer Model" products.
  EXPECT_EQ(linked, (std::vector<std::string>{"core-2", "agg-1", "agg-2", "agg-3", "cpe-1", "cpe-2", "cpe-3"}));
  EXPECT_EQ(links.linked_elements, 7u);
  EXPECT_EQ(links.unlinked_elements, 4u);
  EXPECT_TRUE(links.unmatched_products.empty());
  EXPECT_TRUE(links.unresolved_makers.empty());
}

TEST_F(CascadeTest, UsSuppliersStopSellingToZteOnlyWithinTheWindow) {
  load_fixtures();
  const CascadeScenario s = us_denial();
  for (const char* outside : {"2018-04-14", "2018-07-14"}) {
    const CascadeReport r = run(s, outside);
    EXPECT_FALSE(r.in_effect) << outside;
    EXPECT_TRUE(affected_ids(r).empty()) << outside;
    EXPECT_EQ(r.total.any.count, 0) << outside;
    EXPECT_EQ(r.total.total.count, 11) << outside;
  }
  for (const char* inside : {"2018-04-15", "2018-05-01", "2018-07-13"}) {
    const CascadeReport r = run(s, inside);
    EXPECT_TRUE(r.in_effect) << inside;
    // Huawei's product has US optics too, but the US stops selling to ZTE only.
    EXPECT_EQ(affected_ids(r), (std::vector<std::string>{"agg-2", "agg-3", "cpe-1", "cpe-2", "cpe-3"})) << inside;
  }
  const CascadeReport r = run(s, "2018-05-01");
  EXPECT_EQ(losses_of(r, "agg-2"), kLosesParts);  // the US FPGA; the firmware is ZTE's own
  EXPECT_EQ(losses_of(r, "cpe-1"), kLosesParts | kLosesUpdates);
  EXPECT_EQ(r.total.any.count, 5);
  EXPECT_DOUBLE_EQ(r.total.any.traffic, 100 + 80 + 3);
  EXPECT_DOUBLE_EQ(r.total.any.subscribers, 3);
  EXPECT_EQ(r.total.parts.count, 5);
  EXPECT_EQ(r.total.updates.count, 3);
  EXPECT_EQ(r.by_function[static_cast<std::size_t>(Function::kAggregation)].any.count, 2);
  EXPECT_EQ(r.by_function[static_cast<std::size_t>(Function::kCpe)].updates.count, 3);
  EXPECT_EQ(r.by_function[static_cast<std::size_t>(Function::kCpe)].total.count, 4);
  ASSERT_EQ(r.by_region.size(), 2u);
  EXPECT_EQ(r.by_region[0].name, "south");
  EXPECT_EQ(r.by_region[0].measures.any.count, 4);
  EXPECT_EQ(r.by_region[1].measures.any.count, 1);
}

TEST_F(CascadeTest, EveryAffectedProductIsExplained) {
  load_fixtures();
  const CascadeReport r = run(us_denial(), "2018-05-01");
  ASSERT_EQ(r.products.size(), 2u);
  const CascadeProduct& cpe = r.products[0];  // three elements
  EXPECT_EQ(cpe.elements.count, 3);
  ASSERT_EQ(cpe.causes.size(), 2u);
  EXPECT_EQ(describe_path(bom_, cpe.causes[0]), "Home gateway > Broadband SoC");
  EXPECT_EQ(cpe.causes[1].loss, kLosesUpdates);
  EXPECT_EQ(describe_path(bom_, cpe.causes[1]), "Home gateway > Wi-Fi firmware 2.1");
  EXPECT_EQ(cpe.causes[1].why, "supplier 'ExampleChip Semiconductor Inc' has country US (as given in the BOM)");
  const CascadeProduct& router = r.products[1];
  ASSERT_EQ(router.causes.size(), 1u);
  EXPECT_EQ(describe_path(bom_, router.causes[0]), "ZXR10 M6000-8S > 10G line card > FPGA");  // nested
}

TEST_F(CascadeTest, DesignationCutsTheDesignatedSuppliersPartsElsewhere) {
  load_fixtures();
  CascadeScenario s;
  s.kind = CascadeScenario::Kind::kDesignate;
  s.target = "zte";
  s.list = "us-bis-zte-denial-2018";
  s.from = day("2018-04-15");
  const CascadeReport r = run(s, "2018-05-01");
  // US suppliers stop selling to ZTE (the list's jurisdiction), and Nokia's router loses its ZTE
  // optical module; ZTE's own firmware in ZTE's own products is not cut.
  EXPECT_EQ(affected_ids(r), (std::vector<std::string>{"agg-1", "agg-2", "agg-3", "cpe-1", "cpe-2", "cpe-3"}));
  EXPECT_EQ(losses_of(r, "agg-1"), kLosesParts);
  EXPECT_EQ(losses_of(r, "agg-2"), kLosesParts);
  EXPECT_FALSE(r.assumptions.empty());
}

TEST_F(CascadeTest, UnknownNamesAreUsageErrors) {
  load_fixtures();
  CascadeScenario s = us_denial();
  s.target = "nobody";
  auto r = run_cascade(bom_, store_, *registry_, resolution_, {}, s, CascadeOptions{day("2018-05-01")});
  EXPECT_EQ(r.status().kind(), ErrorKind::kUsage);
  s = us_denial();
  s.suppliers = {"No Such Supplier"};
  r = run_cascade(bom_, store_, *registry_, resolution_, {}, s, CascadeOptions{day("2018-05-01")});
  EXPECT_EQ(r.status().kind(), ErrorKind::kUsage);
  s = us_denial();
  s.suppliers = {"ExampleFPGA Inc"};  // a BOM supplier by name
  r = run_cascade(bom_, store_, *registry_, resolution_, {}, s, CascadeOptions{day("2018-05-01")});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total.any.count, 2);
}

TEST_F(CascadeTest, TopologyReportsWhatTheAffectedElementsCutOff) {
  load_fixtures();
  LinkTable links;
  DemandTable demands;
  const TopologyGraph graph = build_topology(store_, links, demands);
  CascadeOptions options;
  options.graph = &graph;
  options.demands = &demands;
  const CascadeReport r = run(us_denial(), "2018-05-01", &options);
  ASSERT_TRUE(r.topology.has_value());
  EXPECT_EQ(r.topology->removed_total.count, 5);
  // acc-2 hangs off agg-2; cpe-4 hangs off acc-1, whose chain is intact.
  EXPECT_EQ(r.topology->cut_off_total.count, 1);
}

// A product whose parts form 2^depth paths to one chip: memoised, it is one visit per component.
TEST_F(CascadeTest, SharedComponentsDoNotBlowUp) {
  constexpr int kLayers = 60;
  std::string components = R"({"type": "device", "bom-ref": "chip", "name": "chip",
      "supplier": {"name": "Chip Co", "address": {"country": "US"}}})";
  std::string deps;
  std::string below = "chip";
  for (int i = 0; i < kLayers; ++i) {
    components += fmt::format(R"(, {{"type": "device", "bom-ref": "l{0}", "name": "l{0}"}},
        {{"type": "device", "bom-ref": "r{0}", "name": "r{0}"}})",
                              i);
    deps += fmt::format(R"({}{{"ref": "l{}", "dependsOn": ["{}"{}]}}, {{"ref": "r{}", "dependsOn": ["{}"{}]}})",
                        i ? ", " : "", i, below, i ? fmt::format(R"(, "r{}")", i - 1) : "", i, below,
                        i ? fmt::format(R"(, "r{}")", i - 1) : "");
    below = fmt::format("l{}", i);
  }
  const std::string doc = fmt::format(
      R"({{"bomFormat": "CycloneDX", "specVersion": "1.6", "metadata": {{"component": {{"type": "device",
      "bom-ref": "top", "name": "Deep Box", "manufacturer": {{"name": "ZTE"}}}}}}, "components": [{}],
      "dependencies": [{}]}})",
      components, deps);
  ASSERT_TRUE(read_cyclonedx(doc, "deep.json", bom_).ok());
  ElementRow row;
  row.id = "deep-1";
  row.declared_vendor = "ZTE";
  row.model = "deep box";
  row.function = Function::kAccess;
  store_.append(row);
  auto macs = MacRegistry::from_csv("Registry,Assignment,Organization Name,Organization Address\n", 24, "none");
  resolution_ = resolve(store_, *registry_, *macs, day("2018-05-01"));
  const auto start = std::chrono::steady_clock::now();
  const CascadeReport r = run(us_denial(), "2018-05-01");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(200));
  EXPECT_EQ(affected_ids(r), std::vector<std::string>{"deep-1"});
  ASSERT_EQ(r.products.size(), 1u);
  // Every top-level component is a part of the product, so the shortest explanation is one step.
  EXPECT_EQ(describe_path(bom_, r.products[0].causes[0]), "Deep Box > chip");
}

// Reference: does component c reach a cut component of each type? Plain recursion, no memo.
std::uint8_t brute_reach(const BomSet& bom, BomIndex c, const std::vector<std::uint8_t>& cut) {
  const BomComponent& component = bom.components[c];
  std::uint8_t mask = 0;
  for (const BomIndex p : {component.supplier, component.manufacturer}) {
    if (p != kNoBom && cut[p]) {
      mask |= component.type == ComponentType::kFirmware                                             ? kLosesUpdates
              : component.type == ComponentType::kOther || component.type == ComponentType::kService ? kLosesOther
                                                                                                     : kLosesParts;
    }
  }
  for (const BomIndex child : component.children) mask |= brute_reach(bom, child, cut);
  return mask;
}

TEST_F(CascadeTest, PropagationMatchesABruteForceReferenceOnRandomDags) {
  const EntityIndex zte = *registry_->find_entity("zte"), nokia = *registry_->find_entity("nokia");
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    BomSet bom;
    const int parties = 1 + static_cast<int>(rng() % 5), n = 2 + static_cast<int>(rng() % 12);
    BomLinks links;
    for (int p = 0; p < parties; ++p) {
      const char* country = (rng() % 2) ? "US" : "GB";
      bom.add_party(fmt::format("party{}", p), country);
      ResolvedParty rp;
      rp.entity = (rng() % 4 == 0) ? zte : kNoEntity;
      rp.country = country;
      links.parties.push_back(rp);
    }
    // Children only to later components: a DAG.
    for (int c = 0; c < n; ++c) {
      BomComponent component;
      component.name = fmt::format("c{}", c);
      component.type = static_cast<ComponentType>(rng() % 4);
      if (rng() % 2) component.supplier = rng() % parties;
      if (rng() % 3 == 0) component.manufacturer = rng() % parties;
      for (int d = c + 1; d < n; ++d) {
        if (rng() % 3 == 0) component.children.push_back(d);
      }
      bom.components.push_back(component);
    }
    for (int c = 0; c < n; c += 3) {
      bom.products.push_back(BomProduct{"m", "p", {}, static_cast<BomIndex>(c), {}});
      links.product_maker.push_back(rng() % 2 ? zte : nokia);
    }
    CascadeScenario s;
    s.from = day("2018-01-01");
    s.target = "zte";
    const bool designate = round % 2;
    if (designate) {
      s.kind = CascadeScenario::Kind::kDesignate;
      s.list = "us-bis-zte-denial-2018";
    } else {
      s.suppliers = {"US"};
    }
    auto r = run_cascade(bom, links, store_, *registry_, resolution_, {}, s, CascadeOptions{day("2018-05-01")});
    ASSERT_TRUE(r.ok()) << r.status().message();
    std::vector<std::uint8_t> expected(bom.products.size());
    for (BomIndex p = 0; p < bom.products.size(); ++p) {
      const bool own = links.product_maker[p] == zte;
      std::vector<std::uint8_t> cut(parties);
      for (int q = 0; q < parties; ++q) {
        const bool is_zte = links.parties[q].entity == zte, us = links.parties[q].country == "US";
        cut[q] = designate ? (own ? (!is_zte && us) : is_zte) : (own && (us || false));
      }
      expected[p] = brute_reach(bom, bom.products[p].root, cut);
    }
    std::vector<std::uint8_t> got(bom.products.size());
    for (const CascadeProduct& cp : r->products) {
      got[cp.product] = cp.losses;
      for (const CascadeCause& cause : cp.causes) {  // each path follows edges to a cut component
        ASSERT_EQ(cause.path.front(), bom.products[cp.product].root);
        for (std::size_t i = 1; i < cause.path.size(); ++i) {
          const auto& ch = bom.components[cause.path[i - 1]].children;
          ASSERT_NE(std::find(ch.begin(), ch.end(), cause.path[i]), ch.end());
        }
        const BomComponent& last = bom.components[cause.path.back()];
        EXPECT_TRUE(cause.party == last.supplier || cause.party == last.manufacturer);
      }
    }
    EXPECT_EQ(got, expected) << "round " << round;
  }
}

// A cloud service of a provider that stops selling is lost like a part: the BOM's service is a
// dependsOn target of the firmware, and its provider's country is the BOM's.
TEST_F(CascadeTest, AServiceOfACutProviderIsLost) {
  load_fixtures();
  bom_ = BomSet{};
  const Status s = read_cyclonedx(R"({"bomFormat": "CycloneDX", "specVersion": "1.6",
    "metadata": {"component": {"type": "device", "bom-ref": "box", "name": "ZXHN H298A",
                               "manufacturer": {"name": "ZTE"}}},
    "components": [{"type": "firmware", "bom-ref": "os", "name": "OS"}],
    "services": [{"bom-ref": "cloud", "name": "Device management",
                  "provider": {"name": "ExampleCloud Inc", "address": {"country": "US"}}}],
    "dependencies": [{"ref": "os", "dependsOn": ["cloud"]}]})",
                                  "svc.json", bom_);
  ASSERT_TRUE(s.ok()) << s.message();
  const CascadeReport r = run(us_denial(), "2018-05-01");
  EXPECT_EQ(affected_ids(r), (std::vector<std::string>{"cpe-1", "cpe-2", "cpe-3"}));
  EXPECT_EQ(losses_of(r, "cpe-1"), kLosesOther);
  ASSERT_EQ(r.products.size(), 1u);
  ASSERT_EQ(r.products[0].causes.size(), 1u);
  EXPECT_EQ(describe_path(bom_, r.products[0].causes[0]), "ZXHN H298A > OS > Device management");
  // The same service, its provider not cut: nothing is lost.
  CascadeScenario other = us_denial();
  other.suppliers = {"DE"};
  EXPECT_TRUE(affected_ids(run(other, "2018-05-01")).empty());
}

// A BOM whose product no element is an instance of: every output says that nothing is known,
// lists the elements that match no BOM, and names the product and why.
TEST_F(CascadeTest, OutputsSayWhenNothingLinks) {
  load_fixtures();
  bom_ = BomSet{};
  ASSERT_TRUE(read_cyclonedx(R"({"bomFormat": "CycloneDX", "specVersion": "1.6",
    "metadata": {"component": {"type": "device", "name": "Mystery box", "supplier": {"name": "Nobody Ltd"}}}})",
                             "m.json", bom_)
                  .ok());
  ASSERT_TRUE(read_cyclonedx(R"({"bomFormat": "CycloneDX", "specVersion": "1.6",
    "metadata": {"component": {"type": "device", "name": "ZXR10 T8000", "manufacturer": {"name": "ZTE"}}}})",
                             "t.json", bom_)
                  .ok());
  const CascadeReport r = run(us_denial(), "2018-05-01");
  EXPECT_EQ(r.linked_elements, 0u);
  EXPECT_EQ(r.unlinked_elements, store_.size());
  const std::string text = render_cascade_text(r, bom_, store_, *registry_);
  EXPECT_NE(text.find("WARNING: no element is an instance of any BOM product"), std::string::npos) << text;
  EXPECT_NE(text.find("Elements that match no BOM (their exposure is unknown, not nil): 11 (core-1, core-2,"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Products whose maker the registry does not know (nothing links to them): 1 (Nobody Ltd "
                      "Mystery box)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Products no element is an instance of: 2 (Nobody Ltd Mystery box, ZTE ZXR10 T8000)"),
            std::string::npos)
      << text;
  const auto json = nlohmann::json::parse(render_cascade_json(r, bom_, store_, *registry_));
  EXPECT_EQ(json["links"]["unlinked"].size(), store_.size());
  EXPECT_EQ(json["links"]["products_maker_unknown"], nlohmann::json::array({"Nobody Ltd Mystery box"}));
  EXPECT_EQ(json["links"]["products_unmatched"].size(), 2u);
}

}  // namespace
}  // namespace kitwatch
