// The element groups exposure is broken down by: all designated, each list, each controller.
//
// Membership depends only on an element's resolution decision, so it is worked out once per
// decision (a few hundred at national scale) and then spread over the elements in one pass.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "topology/topology.h"

namespace kitwatch {
namespace {

// Per decision: is its maker designated on the given lists (empty = all) at as_of?
Result<std::vector<std::uint8_t>> designated_decisions(const Registry& registry, const Resolution& resolution,
                                                       const std::vector<std::string>& lists, Date as_of) {
  auto active = active_designations(registry, lists, as_of);
  if (!active.ok()) return active.status();
  std::vector<std::uint8_t> out(resolution.decisions.size(), 0);
  for (std::size_t d = 0; d < out.size(); ++d) {
    const MakerId maker = resolution.decisions[d].maker;
    out[d] = resolution.is_entity(maker) && !(*active)[maker].empty();
  }
  return out;
}

}  // namespace

Result<NodeGroups> designation_groups(const ElementStore& store, const Registry& registry, const Resolution& resolution,
                                      const std::vector<std::string>& lists, Date as_of) {
  const std::size_t decisions = resolution.decisions.size();
  std::vector<std::uint64_t> elements_of(decisions, 0);
  for (ElementIndex e = 0; e < store.size(); ++e) ++elements_of[resolution.decision_of[e]];

  NodeGroups groups;
  std::vector<std::uint16_t> decision_mask(decisions, 0);
  const auto add_group = [&](std::string name, const std::vector<std::uint8_t>& members) {
    const auto bit = static_cast<std::uint16_t>(1u << groups.names.size());
    groups.names.push_back(std::move(name));
    for (std::size_t d = 0; d < decisions; ++d) {
      if (members[d]) decision_mask[d] |= bit;
    }
  };
  // A group no element is in is left out (a decision with no element cannot occur, but count).
  const auto has_elements = [&](const std::vector<std::uint8_t>& members) {
    for (std::size_t d = 0; d < decisions; ++d) {
      if (members[d] && elements_of[d] > 0) return true;
    }
    return false;
  };

  auto all = designated_decisions(registry, resolution, lists, as_of);
  if (!all.ok()) return all.status();
  add_group("designated", *all);
  for (const DesignationList& list : registry.lists()) {
    if (!lists.empty() && std::find(lists.begin(), lists.end(), list.id) == lists.end()) continue;
    auto members = designated_decisions(registry, resolution, {list.id}, as_of);
    if (!members.ok()) return members.status();
    if (!has_elements(*members)) continue;
    if (groups.names.size() == kMaxGroups) break;
    add_group("list:" + list.id, *members);
  }
  // Controllers of designated elements, largest first (ties by entity index, for determinism).
  std::map<EntityIndex, std::uint64_t> count;
  for (std::size_t d = 0; d < decisions; ++d) {
    const EntityIndex controller = resolution.decisions[d].controller;
    if ((*all)[d] && controller != kNoEntity && elements_of[d] > 0) count[controller] += elements_of[d];
  }
  std::vector<std::pair<std::uint64_t, EntityIndex>> ranked;
  for (const auto& [entity, n] : count) ranked.emplace_back(n, entity);
  std::sort(ranked.begin(), ranked.end(),
            [](const auto& x, const auto& y) { return x.first != y.first ? x.first > y.first : x.second < y.second; });
  for (const auto& [n, entity] : ranked) {
    if (groups.names.size() == kMaxGroups) break;
    std::vector<std::uint8_t> members(decisions, 0);
    for (std::size_t d = 0; d < decisions; ++d) members[d] = (*all)[d] && resolution.decisions[d].controller == entity;
    add_group("controller:" + registry.entity(entity).id, members);
  }
  groups.mask.resize(store.size());
  for (ElementIndex e = 0; e < store.size(); ++e) groups.mask[e] = decision_mask[resolution.decision_of[e]];
  return groups;
}

}  // namespace kitwatch
