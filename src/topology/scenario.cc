// Supplier-loss scenarios: which elements an entity, a list or a country takes with it.
#include <fmt/format.h>
#include <algorithm>

#include "topology/topology.h"

namespace kitwatch {
namespace {

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Marks, per resolution decision, whether it falls in the named set; elements follow their decision.
Status add_name(const Registry& registry, const Resolution& resolution, std::string_view name, Date as_of,
                std::vector<std::uint8_t>& by_decision) {
  if (auto entity = registry.find_entity(name)) {
    for (std::size_t d = 0; d < resolution.decisions.size(); ++d) {
      const MakerId maker = resolution.decisions[d].maker;
      if (maker == kNoMaker || !resolution.is_entity(maker)) continue;
      const std::vector<EntityIndex> chain = registry.control_chain(maker, as_of);
      if (std::find(chain.begin(), chain.end(), *entity) != chain.end()) by_decision[d] = 1;
    }
    return Status();
  }
  const bool is_country = name.size() == 2 && std::all_of(name.begin(), name.end(), [](char c) {
                            return std::isalpha(static_cast<unsigned char>(c));
                          });
  if (!is_country) {
    return Status::usage(fmt::format("--lose {}: not a registry entity, designation list or country code", name));
  }
  const std::string code = upper(name);
  for (std::size_t d = 0; d < resolution.decisions.size(); ++d) {
    const EntityIndex controller = resolution.decisions[d].controller;
    if (controller != kNoEntity && upper(registry.entity(controller).country) == code) by_decision[d] = 1;
  }
  return Status();
}

}  // namespace

Result<std::vector<std::uint8_t>> loss_scenario(const ElementStore& store, const Registry& registry,
                                                const Resolution& resolution, std::string_view spec, Date as_of) {
  std::vector<std::uint8_t> removed(store.size(), 0);
  std::vector<std::uint8_t> by_decision(resolution.decisions.size(), 0);
  std::size_t start = 0;
  while (start <= spec.size()) {
    const std::size_t comma = std::min(spec.find(',', start), spec.size());
    const std::string_view name = spec.substr(start, comma - start);
    start = comma + 1;
    if (name.empty()) return Status::usage(fmt::format("--lose {}: empty name", spec));
    if (registry.find_list(name)) {
      auto members = designated_elements(store, registry, resolution, {std::string(name)}, as_of);
      if (!members.ok()) return members.status();
      for (std::size_t e = 0; e < store.size(); ++e) removed[e] |= (*members)[e];
      continue;
    }
    if (Status s = add_name(registry, resolution, name, as_of, by_decision); !s.ok()) return s;
  }
  for (std::size_t e = 0; e < store.size(); ++e) removed[e] |= by_decision[resolution.decision_of[e]];
  return removed;
}

}  // namespace kitwatch
