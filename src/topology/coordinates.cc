// Map coordinates from a topology file's node attributes.
#include <charconv>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "topology/topology.h"

namespace kitwatch {
namespace {

double attribute(const TopologyFile::Node& node, std::string_view name) {
  for (const auto& [key, value] : node.attributes) {
    if (key != name) continue;
    double out = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), out);
    if (error == std::errc() && end == value.data() + value.size()) return out;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

ElementCoordinates coordinates_from(const TopologyFile& file, const ElementStore& store,
                                    const std::vector<std::pair<std::string, std::string>>& node_map) {
  const std::unordered_map<std::string, std::string> mapped(node_map.begin(), node_map.end());
  ElementCoordinates out;
  out.latitude.assign(store.size(), std::numeric_limits<double>::quiet_NaN());
  out.longitude = out.latitude;
  const auto put = [&](ElementIndex e, double lat, double lon) {
    if (e == kNoElement || e >= store.size()) return;
    out.latitude[e] = lat;
    out.longitude[e] = lon;
  };
  for (const TopologyFile::Node& node : file.nodes) {
    const double lat = attribute(node, "Latitude"), lon = attribute(node, "Longitude");
    if (!(std::abs(lat) <= 90 && std::abs(lon) <= 180)) continue;  // also false for NaN
    // The ids attach_topology gives: the mapped id, the node id, the label, or "label#id" for
    // demo elements.
    if (const auto it = mapped.find(node.id); it != mapped.end()) {
      put(store.find(it->second), lat, lon);
      continue;
    }
    ElementIndex e = store.find(node.id);
    if (e == kNoElement && !node.label.empty()) e = store.find(node.label);
    if (e == kNoElement && !node.label.empty()) e = store.find(node.label + "#" + node.id);
    put(e, lat, lon);
  }
  return out;
}

}  // namespace kitwatch
