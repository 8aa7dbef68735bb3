// Topology Zoo GraphML: keys mapped by attr.name (ids differ between files), nodes keyed by id
// (labels repeat), edges undirected. Capacity comes from LinkSpeedRaw (bit/s) when present.
#include <fmt/format.h>
#include <charconv>
#include <cmath>
#include <unordered_map>

#include "base/csv_reader.h"
#include "base/read_file.h"
#include "topology/topology.h"
#include "topology/xml_reader.h"

namespace kitwatch {
namespace {

struct PendingEdge {
  std::string source, target;
  double capacity = 0;
  std::uint64_t line = 0;
};

struct GraphmlParser {
  const std::string& name;
  XmlReader xml;
  TopologyFile file;
  std::unordered_map<std::string, std::string> key_name;  // key id → attr.name
  std::vector<PendingEdge> edges;
  std::string data_key, data_text;
  int depth_in_data = 0;

  Status error(std::uint64_t line, const std::string& message) {
    return Status::input(SourceLocation{name, line, 0, ""}, message);
  }

  void on_start() {
    const std::string& tag = xml.name();
    if (tag == "key") {
      key_name[std::string(xml.attribute("id"))] = std::string(xml.attribute("attr.name"));
    } else if (tag == "node") {
      file.nodes.push_back(TopologyFile::Node{std::string(xml.attribute("id")), "", {}, xml.line()});
    } else if (tag == "edge") {
      edges.push_back(
          PendingEdge{std::string(xml.attribute("source")), std::string(xml.attribute("target")), 0, xml.line()});
    } else if (tag == "data") {
      data_key = std::string(xml.attribute("key"));
      data_text.clear();
      depth_in_data = 1;
    }
  }

  // A <data> element ends: it belongs to the innermost open node, edge or graph.
  void on_data(const std::vector<std::string>& stack) {
    const auto it = key_name.find(data_key);
    const std::string attr = it == key_name.end() ? data_key : it->second;
    const std::string& owner = stack.empty() ? std::string() : stack.back();
    if (owner == "node" && !file.nodes.empty()) {
      if (attr == "label") file.nodes.back().label = data_text;
      file.nodes.back().attributes.emplace_back(attr, data_text);
    } else if (owner == "edge" && !edges.empty() && attr == "LinkSpeedRaw") {
      double v = 0;
      const auto [end, ec] = std::from_chars(data_text.data(), data_text.data() + data_text.size(), v);
      if (ec == std::errc() && end == data_text.data() + data_text.size() && std::isfinite(v) && v >= 0) {
        edges.back().capacity = v;
      }
    } else if (owner == "graph" && attr == "Network") {
      file.network = data_text;
    }
  }

  Status parse() {
    std::vector<std::string> stack;  // enclosing graph/node/edge elements
    for (;;) {
      switch (xml.next()) {
        case XmlReader::Event::kError:
          return Status::input(fmt::format("{}:{}", name, xml.error()));
        case XmlReader::Event::kDone:
          return resolve_edges();
        case XmlReader::Event::kText:
          if (depth_in_data) data_text += xml.text();
          break;
        case XmlReader::Event::kStart:
          if (depth_in_data) {
            ++depth_in_data;
            break;
          }
          on_start();
          if (xml.name() == "graph" || xml.name() == "node" || xml.name() == "edge") stack.push_back(xml.name());
          break;
        case XmlReader::Event::kEnd:
          if (depth_in_data && --depth_in_data == 0) on_data(stack);
          if (!depth_in_data && !stack.empty() && stack.back() == xml.name()) stack.pop_back();
          break;
      }
    }
  }

  Status resolve_edges() {
    std::unordered_map<std::string, std::uint32_t> index;
    for (std::uint32_t i = 0; i < file.nodes.size(); ++i) {
      if (file.nodes[i].id.empty()) return error(file.nodes[i].line, "a <node> without an id");
      if (!index.emplace(file.nodes[i].id, i).second) {
        return error(file.nodes[i].line, fmt::format("node id '{}' appears twice", file.nodes[i].id));
      }
    }
    for (const PendingEdge& e : edges) {
      const auto a = index.find(e.source), b = index.find(e.target);
      if (a == index.end() || b == index.end()) {
        return error(e.line, fmt::format("edge names unknown node '{}'", a == index.end() ? e.source : e.target));
      }
      file.links.push_back(TopologyFile::Link{a->second, b->second, 1.0, e.capacity, e.line});
    }
    if (file.nodes.empty()) return error(1, "no <node> elements: not a GraphML topology");
    return Status();
  }
};

}  // namespace

Result<TopologyFile> read_graphml(std::string_view bytes, const std::string& name) {
  GraphmlParser parser{name, XmlReader(bytes), {}, {}, {}, {}, {}, 0};
  parser.file.path = name;
  if (Status s = parser.parse(); !s.ok()) return s;
  return std::move(parser.file);
}

Result<TopologyFile> read_topology_file(const std::string& path, bool sndlib, std::uint64_t max_file_bytes) {
  auto bytes = read_file(path, max_file_bytes, "topology file");
  if (!bytes.ok()) return bytes.status();
  return sndlib ? read_sndlib(*bytes, path) : read_graphml(*bytes, path);
}

Status read_node_map(const std::string& path, std::uint64_t max_file_bytes,
                     std::vector<std::pair<std::string, std::string>>& out) {
  auto bytes = read_file(path, max_file_bytes, "node map");
  if (!bytes.ok()) return bytes.status();
  CsvReader reader(*bytes, ',');
  CsvRecord record;
  bool header = true;
  for (CsvReader::Next next; (next = reader.next(record)) != CsvReader::Next::kEnd;) {
    if (next != CsvReader::Next::kRecord || record.fields.size() != 2) {
      return Status::input(SourceLocation{path, record.line, 1, ""}, "expected two columns: node, element");
    }
    if (!header) out.emplace_back(record.fields[0].text, record.fields[1].text);
    header = false;
  }
  return Status();
}

}  // namespace kitwatch
