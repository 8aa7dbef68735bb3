// SNDlib instances, native text and XML. The native format is line-oriented: a section opens
// with "NAME (" and closes with ")"; NODES, LINKS and DEMANDS hold one entry per line; other
// sections (META, ADMISSIBLE_PATHS) are skipped by parenthesis depth.
#include <fmt/format.h>
#include <charconv>
#include <cmath>
#include <unordered_map>

#include "topology/topology.h"
#include "topology/xml_reader.h"

namespace kitwatch {
namespace {

std::vector<std::string_view> tokens(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    const char c = line[i];
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
    } else if (c == '(' || c == ')') {
      out.push_back(line.substr(i++, 1));
    } else {
      const std::size_t start = i;
      while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && line[i] != '(' &&
             line[i] != ')')
        ++i;
      out.push_back(line.substr(start, i - start));
    }
  }
  return out;
}

bool number(std::string_view text, double& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(out);
}

struct NativeParser {
  const std::string& name;
  TopologyFile file;
  std::unordered_map<std::string, std::uint32_t> index;

  Status error(std::uint64_t line, const std::string& message) {
    return Status::input(SourceLocation{name, line, 0, ""}, message);
  }

  Status endpoints(const std::vector<std::string_view>& t, std::uint64_t line, std::uint32_t& a, std::uint32_t& b) {
    if (t.size() < 5 || t[1] != "(" || t[4] != ")") return error(line, "expected 'id ( source target )'");
    const auto ia = index.find(std::string(t[2])), ib = index.find(std::string(t[3]));
    if (ia == index.end() || ib == index.end()) {
      return error(line, fmt::format("unknown node '{}'", ia == index.end() ? t[2] : t[3]));
    }
    a = ia->second;
    b = ib->second;
    return Status();
  }

  Status entry(std::string_view section, const std::vector<std::string_view>& t, std::uint64_t line) {
    if (section == "NODES") {
      if (t.empty()) return Status();
      if (!index.emplace(std::string(t[0]), static_cast<std::uint32_t>(file.nodes.size())).second) {
        return error(line, fmt::format("node '{}' appears twice", t[0]));
      }
      file.nodes.push_back(TopologyFile::Node{std::string(t[0]), std::string(t[0]), {}, line});
      return Status();
    }
    std::uint32_t a = 0, b = 0;
    if (Status s = endpoints(t, line, a, b); !s.ok()) return s;
    double v[4] = {0, 0, 0, 0};
    const std::size_t wanted = section == "LINKS" ? 4 : 2;
    for (std::size_t i = 0; i < wanted; ++i) {
      if (t.size() <= 5 + i || !number(t[5 + i], v[i]))
        return error(line, fmt::format("expected {} numbers after the endpoints", wanted));
    }
    if (section == "LINKS") {
      file.links.push_back(TopologyFile::Link{a, b, v[2] > 0 ? v[2] : 1.0, std::max(0.0, v[0]), line});
    } else {
      if (v[1] < 0) return error(line, "negative demand value");
      file.demands.push_back(TopologyFile::Demand{a, b, v[1], line});
    }
    return Status();
  }

  Status parse(std::string_view bytes) {
    std::string_view section;
    int skip_depth = 0;
    std::uint64_t line_no = 0;
    for (std::size_t pos = 0; pos < bytes.size();) {
      const std::size_t eol = std::min(bytes.find('\n', pos), bytes.size());
      const std::string_view line = bytes.substr(pos, eol - pos);
      pos = eol + 1;
      ++line_no;
      const std::vector<std::string_view> t = tokens(line);
      if (t.empty() || t[0].starts_with('#') || t[0].starts_with('?')) continue;
      if (skip_depth > 0) {
        for (std::string_view x : t) skip_depth += x == "(" ? 1 : x == ")" ? -1 : 0;
        continue;
      }
      if (section.empty()) {
        if (t.size() != 2 || t[1] != "(") return error(line_no, "expected a section: 'NAME ('");
        if (t[0] == "NODES" || t[0] == "LINKS" || t[0] == "DEMANDS")
          section = t[0];
        else
          skip_depth = 1;
        continue;
      }
      if (t.size() == 1 && t[0] == ")") {
        section = {};
        continue;
      }
      if (Status s = entry(section, t, line_no); !s.ok()) return s;
    }
    if (!section.empty() || skip_depth > 0) return error(line_no, "end of file inside a section");
    if (file.nodes.empty()) return error(1, "no NODES section: not an SNDlib instance");
    return Status();
  }
};

// SNDlib XML: <node id>, <link> with <source>, <target>, <preInstalledModule><capacity>,
// <routingCost>; <demand> with <source>, <target>, <demandValue>.
struct XmlParser {
  const std::string& name;
  TopologyFile file;
  std::unordered_map<std::string, std::uint32_t> index;
  std::string source, target, text;
  double capacity = 0, routing_cost = 0, value = 0;
  std::uint64_t start_line = 0;
  std::vector<std::string> stack;

  Status finish(const std::string& tag, std::uint64_t line) {
    if (tag == "node") {
      const std::string id = file.nodes.back().id;
      // Regression: fuzz/regressions/fuzz_topology_file/sndlib_xml_node_without_id.
      if (id.empty()) return Status::input(SourceLocation{name, line, 0, ""}, "a <node> without an id");
      if (!index.emplace(id, static_cast<std::uint32_t>(file.nodes.size() - 1)).second) {
        return Status::input(SourceLocation{name, line, 0, ""}, fmt::format("node '{}' appears twice", id));
      }
      return Status();
    }
    const auto a = index.find(source), b = index.find(target);
    if (a == index.end() || b == index.end()) {
      return Status::input(SourceLocation{name, start_line, 0, ""},
                           fmt::format("unknown node '{}'", a == index.end() ? source : target));
    }
    // Regressions: sndlib_xml_negative_capacity.xml, sndlib_xml_negative_demand.xml.
    if (tag == "link" && capacity < 0) {
      return Status::input(SourceLocation{name, start_line, 0, ""}, "negative link capacity");
    }
    if (tag == "demand" && value < 0) {
      return Status::input(SourceLocation{name, start_line, 0, ""}, "negative demand value");
    }
    if (tag == "link")
      file.links.push_back(
          TopologyFile::Link{a->second, b->second, routing_cost > 0 ? routing_cost : 1.0, capacity, start_line});
    if (tag == "demand") file.demands.push_back(TopologyFile::Demand{a->second, b->second, value, start_line});
    return Status();
  }

  void on_text_end(const std::string& tag) {
    double v = 0;
    const bool ok = number(text, v);
    const bool in_preinstalled = stack.size() >= 2 && stack[stack.size() - 2] == "preInstalledModule";
    if (tag == "source") source = text;
    if (tag == "target") target = text;
    if (tag == "capacity" && in_preinstalled && ok) capacity = v;
    if (tag == "routingCost" && ok) routing_cost = v;
    if (tag == "demandValue" && ok) value = v;
  }

  Status parse(std::string_view bytes) {
    XmlReader xml(bytes);
    for (;;) {
      switch (xml.next()) {
        case XmlReader::Event::kError:
          return Status::input(fmt::format("{}:{}", name, xml.error()));
        case XmlReader::Event::kDone:
          if (file.nodes.empty()) return Status::input(SourceLocation{name, 1, 0, ""}, "no <node> elements");
          return Status();
        case XmlReader::Event::kText:
          text += xml.text();
          break;
        case XmlReader::Event::kStart:
          stack.push_back(xml.name());
          text.clear();
          if (xml.name() == "node")
            file.nodes.push_back(
                TopologyFile::Node{std::string(xml.attribute("id")), std::string(xml.attribute("id")), {}, xml.line()});
          if (xml.name() == "link" || xml.name() == "demand") {
            source.clear(), target.clear(), capacity = routing_cost = value = 0, start_line = xml.line();
          }
          break;
        case XmlReader::Event::kEnd:
          on_text_end(xml.name());
          if (xml.name() == "node" || xml.name() == "link" || xml.name() == "demand") {
            if (Status s = finish(xml.name(), xml.line()); !s.ok()) return s;
          }
          stack.pop_back();
          text.clear();
          break;
      }
    }
  }
};

}  // namespace

Result<TopologyFile> read_sndlib(std::string_view bytes, const std::string& name) {
  std::size_t i = 0;
  while (i < bytes.size() && (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t')) ++i;
  if (bytes.substr(i).starts_with("<")) {
    XmlParser parser{name, {}, {}, {}, {}, {}, 0, 0, 0, 0, {}};
    parser.file.path = name;
    if (Status s = parser.parse(bytes); !s.ok()) return s;
    return std::move(parser.file);
  }
  NativeParser parser{name, {}, {}};
  parser.file.path = name;
  if (Status s = parser.parse(bytes); !s.ok()) return s;
  return std::move(parser.file);
}

}  // namespace kitwatch
