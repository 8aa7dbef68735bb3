// The element groups exposure is broken down by: all designated, each list, each controller.
#include <fmt/format.h>
#include <algorithm>
#include <map>

#include "topology/topology.h"

namespace kitwatch {
namespace {

void add_group(NodeGroups& groups, std::string name, const std::vector<std::uint8_t>& members) {
  const auto bit = static_cast<std::uint16_t>(1u << groups.names.size());
  groups.names.push_back(std::move(name));
  for (std::size_t e = 0; e < members.size(); ++e) {
    if (members[e]) groups.mask[e] |= bit;
  }
}

}  // namespace

Result<NodeGroups> designation_groups(const ElementStore& store, const Registry& registry, const Resolution& resolution,
                                      const std::vector<std::string>& lists, Date as_of) {
  NodeGroups groups;
  groups.mask.assign(store.size(), 0);
  auto all = designated_elements(store, registry, resolution, lists, as_of);
  if (!all.ok()) return all.status();
  add_group(groups, "designated", *all);
  for (const DesignationList& list : registry.lists()) {
    if (!lists.empty() && std::find(lists.begin(), lists.end(), list.id) == lists.end()) continue;
    auto members = designated_elements(store, registry, resolution, {list.id}, as_of);
    if (!members.ok()) return members.status();
    if (std::none_of(members->begin(), members->end(), [](std::uint8_t m) { return m != 0; })) continue;
    if (groups.names.size() == kMaxGroups) break;
    add_group(groups, "list:" + list.id, *members);
  }
  // Controllers of designated elements, largest first (ties by entity index, for determinism).
  std::map<EntityIndex, std::uint64_t> count;
  for (std::size_t e = 0; e < store.size(); ++e) {
    if ((*all)[e] && resolution.controller(e) != kNoEntity) ++count[resolution.controller(e)];
  }
  std::vector<std::pair<std::uint64_t, EntityIndex>> ranked;
  for (const auto& [entity, n] : count) ranked.emplace_back(n, entity);
  std::sort(ranked.begin(), ranked.end(),
            [](const auto& x, const auto& y) { return x.first != y.first ? x.first > y.first : x.second < y.second; });
  for (const auto& [n, entity] : ranked) {
    if (groups.names.size() == kMaxGroups) break;
    std::vector<std::uint8_t> members(store.size(), 0);
    for (std::size_t e = 0; e < store.size(); ++e) members[e] = (*all)[e] && resolution.controller(e) == entity;
    add_group(groups, "controller:" + registry.entity(entity).id, members);
  }
  return groups;
}

}  // namespace kitwatch
