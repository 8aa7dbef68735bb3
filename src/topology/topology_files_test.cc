// Topology files: the strict XML reader, GraphML, SNDlib native and XML, and every topology in
// ../shared/data/topologies (skipped when that folder is absent).
#include <gtest/gtest.h>

#include <filesystem>

#include "topology/topology.h"

namespace kitwatch {
namespace {

const std::string kGraphml = R"(<?xml version="1.0" encoding="utf-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key attr.name="label" attr.type="string" for="node" id="d9" />
  <key attr.name="Country" attr.type="string" for="node" id="d3" />
  <key attr.name="LinkSpeedRaw" attr.type="double" for="edge" id="d7" />
  <graph edgedefault="undirected">
    <node id="0"><data key="d9">London &amp; Docklands</data><data key="d3">United Kingdom</data></node>
    <node id="1"><data key="d9">Paris</data></node>
    <edge source="0" target="1"><data key="d7">10000000000.0</data></edge>
    <edge source="1" target="0" />
  </graph>
</graphml>
)";

TEST(TopologyGraphml, ReadsNodesByIdAndKeysByAttrName) {
  auto file = read_graphml(kGraphml, "t.graphml");
  ASSERT_TRUE(file.ok()) << file.status().message();
  ASSERT_EQ(file->nodes.size(), 2u);
  EXPECT_EQ(file->nodes[0].label, "London & Docklands");
  ASSERT_EQ(file->links.size(), 2u);
  EXPECT_EQ(file->links[0].capacity, 1e10);
  EXPECT_EQ(file->links[0].line, 9u);
}

TEST(TopologyGraphml, RefusesDoctypesAndUnknownEntities) {
  const std::string laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">]><graphml>&lol;</graphml>";
  auto file = read_graphml(laughs, "bomb.graphml");
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.status().message().find("DOCTYPE"), std::string::npos);
  EXPECT_FALSE(read_graphml("<graphml><graph><node id=\"a\">&lol;</node></graph></graphml>", "e.graphml").ok());
  EXPECT_FALSE(read_graphml("<graphml><graph><node id=\"a\"></graph></graphml>", "n.graphml").ok());
}

// Character references decode to UTF-8; a surrogate or NUL has no UTF-8 form and is refused.
TEST(TopologyGraphml, DecodesCharacterReferencesAndRefusesSurrogates) {
  auto file = read_graphml(
      "<graphml><key attr.name=\"label\" for=\"node\" id=\"d9\"/><graph>"
      "<node id=\"a\"><data key=\"d9\">Z&#xFC;rich &#8364; &#x1F4E1;</data></node></graph></graphml>",
      "c.graphml");
  ASSERT_TRUE(file.ok()) << file.status().message();
  ASSERT_EQ(file->nodes.size(), 1u);
  EXPECT_EQ(file->nodes[0].label, "Z\xC3\xBCrich \xE2\x82\xAC \xF0\x9F\x93\xA1");
  for (const char* bad : {"&#xD800;", "&#xDFFF;", "&#55296;", "&#0;", "&#x110000;"}) {
    const std::string doc = std::string("<graphml><graph><node id=\"a\">") + bad + "</node></graph></graphml>";
    EXPECT_FALSE(read_graphml(doc, "s.graphml").ok()) << bad;
  }
}

TEST(TopologyGraphml, AnEdgeToAnUnknownNodeIsAnErrorWithItsLine) {
  auto file = read_graphml("<graphml><graph>\n<node id=\"a\"/>\n<edge source=\"a\" target=\"zz\"/>\n</graph></graphml>",
                           "u.graphml");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().message(), "u.graphml:3: edge names unknown node 'zz'");
}

TEST(TopologySndlib, ReadsNativeAndXmlAlike) {
  const std::string native = R"(?SNDlib native format; type: network; version: 1.0
# network tiny
META (
  unit = MBITPERSEC
)
NODES (
  A ( 1.0 2.0 )
  B ( 3.0 4.0 )
)
LINKS (
  A_B ( A B ) 40.00 0.00 2.00 0.00 ( 40.00 10.00 )
)
DEMANDS (
  A_B ( A B ) 1 12.50 UNLIMITED
)
ADMISSIBLE_PATHS (
)
)";
  auto n = read_sndlib(native, "tiny.txt");
  ASSERT_TRUE(n.ok()) << n.status().message();
  ASSERT_EQ(n->links.size(), 1u);
  EXPECT_EQ(n->links[0].cost, 2.0);
  EXPECT_EQ(n->links[0].capacity, 40.0);
  ASSERT_EQ(n->demands.size(), 1u);
  EXPECT_EQ(n->demands[0].volume, 12.5);
  const std::string xml = R"(<?xml version="1.0" encoding="ISO-8859-1"?>
<network><networkStructure><nodes><node id="A"/><node id="B"/></nodes>
<links><link id="L1"><source>A</source><target>B</target></link></links></networkStructure>
<demands><demand id="d"><source>B</source><target>A</target><demandValue>3.0</demandValue></demand></demands></network>)";
  auto x = read_sndlib(xml, "tiny.xml");
  ASSERT_TRUE(x.ok()) << x.status().message();
  EXPECT_EQ(x->links.size(), 1u);
  ASSERT_EQ(x->demands.size(), 1u);
  EXPECT_EQ(x->demands[0].src, 1u);
  EXPECT_FALSE(read_sndlib("NODES (\n A ( 1 2 )\n)\nLINKS (\n L ( A Q ) 0 0 0 0 ( )\n)\n", "bad.txt").ok());
}

TEST(TopologyFiles, FixturesLoadWithTheirKnownCounts) {
  const std::string dir = std::string(KITWATCH_SOURCE_DIR) + "/tests/data/topology/";
  auto abilene = read_topology_file(dir + "Abilene.graphml", false);
  ASSERT_TRUE(abilene.ok()) << abilene.status().message();
  EXPECT_EQ(abilene->nodes.size(), 11u);
  EXPECT_EQ(abilene->links.size(), 14u);
  auto lense = read_topology_file(dir + "Janetlense.graphml", false);
  ASSERT_TRUE(lense.ok());
  ElementStore store;
  LinkTable links;
  DemandTable demands;
  IngestReport report;
  ASSERT_TRUE(
      attach_topology(*lense, AttachOptions{{}, "", "Huawei=1,Nokia=3", 1, {}}, store, links, demands, report).ok());
  store.link_uplinks();
  const TopologyGraph g = build_topology(store, links, demands);
  EXPECT_EQ(g.size(), 20u);
  EXPECT_EQ(g.report.links, 40u);
  EXPECT_EQ(g.report.parallel_links, 6u);  // 40 edges over 34 node pairs
}

TEST(TopologyFiles, EveryFileInSharedDataLoads) {
  const std::filesystem::path dir = std::filesystem::path(KITWATCH_SOURCE_DIR) / "../shared/data/topologies";
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << "no " << dir.string() << ": shared topology data absent";
  int loaded = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string ext = entry.path().extension().string();
    if (ext != ".graphml" && ext != ".txt" && ext != ".xml") continue;
    auto file = read_topology_file(entry.path().string(), ext != ".graphml");
    ASSERT_TRUE(file.ok()) << file.status().message();
    EXPECT_GT(file->nodes.size(), 0u) << entry.path();
    EXPECT_GT(file->links.size(), 0u) << entry.path();
    if (ext != ".graphml") {
      EXPECT_GT(file->demands.size(), 0u) << entry.path();
    }
    ++loaded;
  }
  EXPECT_GE(loaded, 21);
}

}  // namespace
}  // namespace kitwatch
