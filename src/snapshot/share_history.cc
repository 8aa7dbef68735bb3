// The report's history series from a snapshot store's history.
#include "snapshot/snapshot.h"

namespace kitwatch {
namespace {

Measures whole_network(const HistoryPoint& point, std::string_view quantity) {
  const auto value = [&](std::string_view measure) { return point.value("all", measure, quantity).value_or(0); };
  return Measures{value("count"), value("traffic"), value("subscribers")};
}

}  // namespace

std::vector<ShareHistoryPoint> share_history(const std::vector<HistoryPoint>& snapshots) {
  std::vector<ShareHistoryPoint> out;
  out.reserve(snapshots.size());
  for (const HistoryPoint& point : snapshots) {
    out.push_back({point.snapshot.label, point.snapshot.taken.to_string(), whole_network(point, "designated_share"),
                   whole_network(point, "unknown_share")});
  }
  return out;
}

}  // namespace kitwatch
