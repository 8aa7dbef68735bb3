// Fuzzes the topology file readers: Topology Zoo GraphML (read_graphml), SNDlib native and XML
// (read_sndlib), and the XML pull reader under both. A file that reads must describe a usable
// graph: node ids present and unique, every link and demand between existing nodes, link costs
// positive, capacities and demand volumes finite and non-negative (as the native SNDlib reader and
// the GraphML reader enforce), and every item with its line. The XML reader must report tags that
// nest, lines that never go backwards, and must reach kDone or kError.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "topology/topology.h"
#include "topology/xml_reader.h"

namespace kitwatch::fuzz {
namespace {

void check_file(const Result<TopologyFile>& result) {
  if (!result.ok()) {
    KITWATCH_FUZZ_CHECK(result.status().kind() == ErrorKind::kInput && !result.status().message().empty());
    return;
  }
  const TopologyFile& file = result.value();
  KITWATCH_FUZZ_CHECK(!file.nodes.empty());
  std::set<std::string> ids;
  for (const TopologyFile::Node& node : file.nodes) {
    KITWATCH_FUZZ_CHECK(!node.id.empty() && ids.insert(node.id).second && node.line >= 1);
  }
  const std::size_t n = file.nodes.size();
  for (const TopologyFile::Link& link : file.links) {
    KITWATCH_FUZZ_CHECK(link.a < n && link.b < n && link.line >= 1);
    KITWATCH_FUZZ_CHECK(std::isfinite(link.cost) && link.cost > 0);
    KITWATCH_FUZZ_CHECK(std::isfinite(link.capacity) && link.capacity >= 0);
  }
  for (const TopologyFile::Demand& demand : file.demands) {
    KITWATCH_FUZZ_CHECK(demand.src < n && demand.dst < n && demand.line >= 1);
    KITWATCH_FUZZ_CHECK(std::isfinite(demand.volume) && demand.volume >= 0);
  }
}

void check_xml(std::string_view bytes) {
  XmlReader xml(bytes);
  std::vector<std::string> open;
  std::uint64_t line = 1;
  // Every event but the last consumes input, except a self-closing tag's kEnd: two per byte.
  for (std::size_t events = 0;; ++events) {
    KITWATCH_FUZZ_CHECK(events <= 2 * bytes.size() + 2);
    const XmlReader::Event event = xml.next();
    KITWATCH_FUZZ_CHECK(xml.line() >= line);
    line = xml.line();
    if (event == XmlReader::Event::kError) {
      KITWATCH_FUZZ_CHECK(!xml.error().empty());
      return;
    }
    if (event == XmlReader::Event::kDone) {
      KITWATCH_FUZZ_CHECK(open.empty());
      return;
    }
    if (event == XmlReader::Event::kStart) {
      KITWATCH_FUZZ_CHECK(!xml.name().empty());
      open.push_back(xml.name());
    } else if (event == XmlReader::Event::kEnd) {
      KITWATCH_FUZZ_CHECK(!open.empty() && open.back() == xml.name());
      open.pop_back();
    }
  }
}

}  // namespace
}  // namespace kitwatch::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  kitwatch::fuzz::check_xml(bytes);
  kitwatch::fuzz::check_file(kitwatch::read_graphml(bytes, "fuzz.graphml"));
  kitwatch::fuzz::check_file(kitwatch::read_sndlib(bytes, "fuzz.txt"));
  return 0;
}
