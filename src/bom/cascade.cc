// The cascade: cut suppliers → components → products (memoised over the component DAG) →
// elements → measures by function and region → what the topology loses (docs/bom.md "Cascade").
#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "bom/bom.h"

namespace kitwatch {
namespace {

constexpr std::size_t kLossKinds = 3;

std::uint8_t loss_of(ComponentType type) {
  switch (type) {
    case ComponentType::kDevice:
    case ComponentType::kHardware:
      return kLosesParts;
    case ComponentType::kFirmware:
      return kLosesUpdates;
    case ComponentType::kOther:
    case ComponentType::kService:  // software and services: neither parts nor updates
      return kLosesOther;
  }
  return kLosesOther;
}

std::size_t loss_slot(std::uint8_t bit) {
  return bit == kLosesParts ? 0 : bit == kLosesUpdates ? 1 : 2;
}

bool chain_contains(const Registry& registry, EntityIndex e, EntityIndex target, Date as_of) {
  if (e == kNoEntity) return false;
  for (const EntityIndex link : registry.control_chain(e, as_of)) {
    if (link == target) return true;
  }
  return e == target;
}

bool is_country_code(std::string_view s) {
  return s.size() == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

// Which parties stop supplying, and why. `all` cuts a party in every product; `target_only` in
// the target controller's products only.
struct PartyCuts {
  std::vector<std::uint8_t> all, target_only;
  std::vector<std::uint8_t> own;  // the target's own parties: cut in others' products, not in its own
  std::vector<std::string> why;
};

void cut(PartyCuts& cuts, std::vector<std::uint8_t>& set, BomIndex p, std::string why) {
  if (set[p]) return;
  set[p] = 1;
  if (cuts.why[p].empty()) cuts.why[p] = std::move(why);
}

std::string party_country_why(const BomParty& party, const ResolvedParty& r) {
  return fmt::format("supplier '{}' has country {} ({})", party.name, r.country,
                     r.country_from_registry ? "registry: its controller's country" : "as given in the BOM");
}

Status stop_supplier_cuts(const BomSet& bom, const BomLinks& links, const Registry& registry, Date as_of,
                          const std::vector<std::string>& specs, PartyCuts& cuts) {
  for (const std::string& spec : specs) {
    std::optional<EntityIndex> entity = registry.find_entity(spec);
    const bool country = !entity && is_country_code(spec);
    if (!entity && !country) {
      auto match = registry.match_name(spec);
      if (match && match->kind == NameMatch::Kind::kExact) entity = match->entity;
    }
    const std::string normalized = normalize_entity_name(spec);
    bool any = entity.has_value() || country;
    for (BomIndex p = 0; p < bom.parties.size(); ++p) {
      const ResolvedParty& r = links.parties[p];
      if (entity && chain_contains(registry, r.entity, *entity, as_of)) {
        cut(cuts, cuts.target_only, p,
            fmt::format("supplier '{}' is {} or controlled by it (registry)", bom.parties[p].name,
                        registry.entity(*entity).id));
      } else if (country && r.country == spec) {
        cut(cuts, cuts.target_only, p, party_country_why(bom.parties[p], r));
      } else if (!entity && !country && normalize_entity_name(bom.parties[p].name) == normalized) {
        cut(cuts, cuts.target_only, p, fmt::format("supplier '{}' named in the scenario", bom.parties[p].name));
        any = true;
      }
    }
    if (!any) {
      return Status::usage(fmt::format(
          "--stop-supplier '{}' is not a registry entity id, a country code or a supplier named in the BOMs", spec));
    }
  }
  return Status();
}

Status designate_cuts(const BomSet& bom, const BomLinks& links, const Registry& registry, Date as_of,
                      EntityIndex target, const DesignationList& list, PartyCuts& cuts,
                      std::vector<std::string>& assumptions) {
  for (BomIndex p = 0; p < bom.parties.size(); ++p) {
    const ResolvedParty& r = links.parties[p];
    if (chain_contains(registry, r.entity, target, as_of)) {
      cuts.own[p] = 1;
      cut(cuts, cuts.all, p,
          fmt::format("supplier '{}' is {} (designated on {})", bom.parties[p].name, registry.entity(target).id,
                      list.id));
    } else if (is_country_code(list.jurisdiction) && r.country == list.jurisdiction) {
      cut(cuts, cuts.target_only, p,
          fmt::format("{}; {} is {}'s jurisdiction", party_country_why(bom.parties[p], r), list.jurisdiction, list.id));
    }
  }
  assumptions.push_back(fmt::format(
      "assumption: a designation on {} stops (1) the supply of {}'s components to every other maker's products "
      "and (2) {} suppliers selling to {} (the list's jurisdiction); {}'s own elements are reported as designated, "
      "not as cut off from their own parts",
      list.id, registry.entity(target).id, list.jurisdiction, registry.entity(target).id, registry.entity(target).id));
  return Status();
}

// Loss bits each component reaches, with for each bit the child that reaches it (itself when the
// component is the cut one). Post-order over the DAG, each component once.
struct Reach {
  std::vector<std::uint8_t> mask, done;
  std::vector<std::array<BomIndex, kLossKinds>> via;
  std::vector<BomIndex> party;  // the cut party of a cut component
};

Reach reach_all(const BomSet& bom, const std::vector<std::uint8_t>& cut_set, const std::vector<BomIndex>& roots) {
  Reach r;
  const std::size_t n = bom.components.size();
  r.mask.assign(n, 0);
  r.done.assign(n, 0);
  r.via.assign(n, {kNoBom, kNoBom, kNoBom});
  r.party.assign(n, kNoBom);
  std::vector<std::pair<BomIndex, std::size_t>> stack;
  for (const BomIndex root : roots) {
    if (r.done[root]) continue;
    stack.emplace_back(root, 0);
    while (!stack.empty()) {
      auto& [c, next] = stack.back();
      const BomComponent& component = bom.components[c];
      if (next < component.children.size()) {
        const BomIndex child = component.children[next++];
        if (!r.done[child]) stack.emplace_back(child, 0);  // the reader refused cycles
        continue;
      }
      for (const BomIndex p : {component.manufacturer, component.supplier}) {
        if (p != kNoBom && cut_set[p] && r.party[c] == kNoBom) {
          r.party[c] = p;
          const std::uint8_t bit = loss_of(component.type);
          r.mask[c] |= bit;
          r.via[c][loss_slot(bit)] = c;
        }
      }
      for (const BomIndex child : component.children) {
        for (const std::uint8_t bit : {kLosesParts, kLosesUpdates, kLosesOther}) {
          if ((r.mask[child] & bit) && r.via[c][loss_slot(bit)] == kNoBom) {
            r.via[c][loss_slot(bit)] = child;
            r.mask[c] |= bit;
          }
        }
      }
      r.done[c] = 1;
      stack.pop_back();
    }
  }
  return r;
}

std::vector<CascadeCause> causes_of(const Reach& reach, BomIndex root, const std::vector<std::string>& why) {
  std::vector<CascadeCause> causes;
  for (const std::uint8_t bit : {kLosesParts, kLosesUpdates, kLosesOther}) {
    if (!(reach.mask[root] & bit)) continue;
    CascadeCause cause;
    cause.loss = static_cast<CascadeLoss>(bit);
    BomIndex c = root;
    for (;;) {
      cause.path.push_back(c);
      const BomIndex next = reach.via[c][loss_slot(bit)];
      if (next == c) break;
      c = next;
    }
    cause.party = reach.party[c];
    cause.why = why[cause.party];
    causes.push_back(std::move(cause));
  }
  return causes;
}

void add_to(CascadeMeasures& m, std::uint8_t losses, double traffic, double subscribers) {
  m.total.add(traffic, subscribers);
  if (losses & kLosesParts) m.parts.add(traffic, subscribers);
  if (losses & kLosesUpdates) m.updates.add(traffic, subscribers);
  if (losses & kLosesOther) m.other.add(traffic, subscribers);
  if (losses) m.any.add(traffic, subscribers);
}

void measure(const ElementStore& store, std::span<const std::uint8_t> designated, CascadeReport& report) {
  std::vector<CascadeMeasures> regions(store.regions.size());  // by interned region id
  for (ElementIndex e = 0; e < store.size(); ++e) {
    const std::uint8_t losses = report.element_losses[e];
    const double t = store.traffic[e], s = store.subscribers[e];
    add_to(report.total, losses, t, s);
    add_to(report.by_function[static_cast<std::size_t>(store.function[e])], losses, t, s);
    add_to(regions[store.region[e]], losses, t, s);
    if (losses && !designated.empty() && designated[e]) report.affected_designated.add(t, s);
  }
  for (StrId region = 0; region < regions.size(); ++region) {
    const CascadeMeasures& m = regions[region];
    if (m.any.count > 0) report.by_region.push_back(CascadeRegion{std::string(store.regions.view(region)), m});
  }
  std::sort(report.by_region.begin(), report.by_region.end(), [](const CascadeRegion& a, const CascadeRegion& b) {
    return a.measures.any.count != b.measures.any.count ? a.measures.any.count > b.measures.any.count : a.name < b.name;
  });
}

}  // namespace

std::string CascadeScenario::describe() const {
  std::string suppliers_text;
  for (const auto& s : suppliers) {
    suppliers_text += (suppliers_text.empty() ? "" : ", ") + (is_country_code(s) ? "suppliers of " + s : s);
  }
  const std::string window = until ? fmt::format("from {} until {}", from.to_string(), until->to_string())
                                   : fmt::format("from {}", from.to_string());
  if (kind == Kind::kDesignate) return fmt::format("{} designated on {} {}", target, list, window);
  return fmt::format("{} stop selling to {} {}", suppliers_text, target, window);
}

Result<CascadeReport> run_cascade(const BomSet& bom, const ElementStore& store, const Registry& registry,
                                  const Resolution& resolution, std::span<const std::uint8_t> designated,
                                  const CascadeScenario& scenario, const CascadeOptions& options) {
  const BomLinks links = link_boms(bom, store, registry, resolution, options.as_of);
  return run_cascade(bom, links, store, registry, resolution, designated, scenario, options);
}

Result<CascadeReport> run_cascade(const BomSet& bom, const BomLinks& links, const ElementStore& store,
                                  const Registry& registry, const Resolution& resolution,
                                  std::span<const std::uint8_t> designated, const CascadeScenario& scenario,
                                  const CascadeOptions& options) {
  (void)resolution;
  if (links.element_product.size() != store.size() || links.parties.size() != bom.parties.size()) {
    return Status::internal("run_cascade: the BOM links were made for another inventory or BOM set");
  }
  if (!designated.empty() && designated.size() != store.size()) {
    return Status::internal("run_cascade: one designated flag per element expected");
  }
  const auto target = registry.find_entity(scenario.target);
  if (!target)
    return Status::usage(fmt::format("unknown registry entity '{}' (the scenario's controller)", scenario.target));
  if (scenario.until && *scenario.until < scenario.from) {
    return Status::usage(
        fmt::format("--until {} is before --from {}", scenario.until->to_string(), scenario.from.to_string()));
  }
  CascadeReport report;
  report.scenario = scenario;
  report.as_of = options.as_of;
  report.in_effect = scenario.in_effect(options.as_of);
  report.target_name = registry.entity(*target).name;
  report.linked_elements = links.linked_elements;
  report.unlinked_elements = links.unlinked_elements;
  report.unmatched_products = links.unmatched_products;
  report.unresolved_makers = links.unresolved_makers;
  for (const BomIndex p : links.unresolved_parties) report.unresolved_suppliers.push_back(bom.parties[p].name);
  report.designated.assign(designated.begin(), designated.end());

  PartyCuts cuts{std::vector<std::uint8_t>(bom.parties.size(), 0), std::vector<std::uint8_t>(bom.parties.size(), 0),
                 std::vector<std::uint8_t>(bom.parties.size(), 0), std::vector<std::string>(bom.parties.size())};
  if (scenario.kind == CascadeScenario::Kind::kDesignate) {
    const auto list = registry.find_list(scenario.list);
    if (!list) return Status::usage(fmt::format("unknown designation list '{}'", scenario.list));
    if (Status s = designate_cuts(bom, links, registry, options.as_of, *target, registry.lists()[*list], cuts,
                                  report.assumptions);
        !s.ok())
      return s;
  } else if (Status s = stop_supplier_cuts(bom, links, registry, options.as_of, scenario.suppliers, cuts); !s.ok()) {
    return s;
  }
  for (BomIndex p = 0; p < bom.parties.size(); ++p) {
    if (cuts.all[p] || cuts.target_only[p]) {
      report.cut_parties.push_back(p);
      report.cut_why.push_back(cuts.why[p]);
    }
  }

  // Products of the target controller lose what either set cuts; every other product, `all` only.
  std::vector<BomIndex> target_roots, other_roots;
  std::vector<std::uint8_t> of_target(bom.products.size(), 0);
  for (BomIndex p = 0; p < bom.products.size(); ++p) {
    of_target[p] = chain_contains(registry, links.product_maker[p], *target, options.as_of);
    (of_target[p] ? target_roots : other_roots).push_back(bom.products[p].root);
  }
  std::vector<std::uint8_t> target_set = cuts.all;
  for (BomIndex p = 0; p < bom.parties.size(); ++p) {
    target_set[p] = static_cast<std::uint8_t>((target_set[p] && !cuts.own[p]) || cuts.target_only[p]);
  }
  const Reach target_reach = reach_all(bom, target_set, target_roots);
  const Reach other_reach = reach_all(bom, cuts.all, other_roots);

  std::vector<std::uint8_t> product_losses(bom.products.size(), 0);
  std::vector<std::uint32_t> product_slot(bom.products.size(), UINT32_MAX);
  for (BomIndex p = 0; p < bom.products.size(); ++p) {
    const Reach& reach = of_target[p] ? target_reach : other_reach;
    product_losses[p] = reach.mask[bom.products[p].root];
    if (!product_losses[p]) continue;
    product_slot[p] = static_cast<std::uint32_t>(report.products.size());
    report.products.push_back(
        CascadeProduct{p, product_losses[p], causes_of(reach, bom.products[p].root, cuts.why), {}});
  }

  report.element_losses.assign(store.size(), 0);
  report.element_product = links.element_product;
  if (report.in_effect) {
    for (ElementIndex e = 0; e < store.size(); ++e) {
      const BomIndex p = links.element_product[e];
      if (p == kNoBom || !product_losses[p]) continue;
      report.element_losses[e] = product_losses[p];
      report.products[product_slot[p]].elements.add(store.traffic[e], store.subscribers[e]);
    }
  }
  if (!report.in_effect) report.products.clear();  // outside [from, until] nothing is cut
  std::stable_sort(
      report.products.begin(), report.products.end(),
      [](const CascadeProduct& a, const CascadeProduct& b) { return a.elements.count > b.elements.count; });
  measure(store, designated, report);
  if (options.graph && options.demands) {
    report.topology = analyse_loss(*options.graph, *options.demands, report.element_losses, scenario.describe());
  }
  return report;
}

std::string describe_path(const BomSet& bom, const CascadeCause& cause) {
  std::string out;
  for (const BomIndex c : cause.path) {
    if (!out.empty()) out += " > ";
    const BomComponent& component = bom.components[c];
    out += component.name;
    if (!component.version.empty()) out += " " + component.version;
  }
  return out;
}

}  // namespace kitwatch
