#include "assess/assess.h"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <functional>

namespace kitwatch {
namespace {

double ratio(double part, double whole) {
  return whole > 0 ? part / whole : 0;
}

// For each entity, the active designations on its control chain (empty = not designated).
std::vector<std::vector<DesignationRef>> designations_by_entity(const Registry& registry,
                                                                const std::vector<std::size_t>& lists, Date as_of) {
  std::vector<std::vector<DesignationRef>> direct(registry.entities().size());
  for (std::size_t l : lists) {
    const auto& entries = registry.lists()[l].entries;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (entries[i].active_on(as_of)) direct[entries[i].entity].push_back(DesignationRef{l, i});
    }
  }
  std::vector<std::vector<DesignationRef>> chained(direct.size());
  for (EntityIndex e = 0; e < direct.size(); ++e) {
    for (EntityIndex link : registry.control_chain(e, as_of)) {
      chained[e].insert(chained[e].end(), direct[link].begin(), direct[link].end());
    }
  }
  return chained;
}

Result<std::vector<std::size_t>> select_lists(const Registry& registry, const std::vector<std::string>& names) {
  std::vector<std::size_t> lists;
  if (names.empty()) {
    for (std::size_t i = 0; i < registry.lists().size(); ++i) lists.push_back(i);
    return lists;
  }
  for (const std::string& name : names) {
    const auto found = registry.find_list(name);
    if (!found) {
      std::string known;
      for (const auto& l : registry.lists()) known += fmt::format("{}{}", known.empty() ? "" : ", ", l.id);
      return Status::usage(fmt::format("unknown designation list '{}' (the registry has: {})", name, known));
    }
    lists.push_back(*found);
  }
  return lists;
}

bool nearly_equal(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)});
}

}  // namespace

// Not static: conservation_test.cc declares and calls it with corrupted reports to prove each check fires.
Status check_conservation(const AssessReport& report, std::size_t elements) {
  Measures sum;
  for (const ScopeSummary& s : report.by_function) sum.add(s.total);
  if (sum.count != static_cast<double>(elements) || !nearly_equal(sum.traffic, report.total.total.traffic) ||
      !nearly_equal(sum.subscribers, report.total.total.subscribers)) {
    return Status::internal("conservation check failed: the functions' sums differ from the total");
  }
  Measures regions;
  for (const RegionSummary& r : report.by_region) regions.add(r.scope.total);
  if (regions.count != static_cast<double>(elements) || !nearly_equal(regions.traffic, report.total.total.traffic) ||
      !nearly_equal(regions.subscribers, report.total.total.subscribers)) {
    return Status::internal("conservation check failed: the regions' sums differ from the total");
  }
  Measures makers;
  for (const auto& m : report.manufacturers) makers.add(m.measures);
  if (makers.count + report.total.unknown.count != static_cast<double>(elements)) {
    return Status::internal("conservation check failed: manufacturers plus unknown differ from the element count");
  }
  Measures controllers = report.total.unknown;
  for (const auto& c : report.controllers) controllers.add(c.measures);
  if (controllers.count != static_cast<double>(elements) ||
      !nearly_equal(controllers.traffic, report.total.total.traffic) ||
      !nearly_equal(controllers.subscribers, report.total.total.subscribers)) {
    return Status::internal("conservation check failed: controllers' shares plus unknown do not add up to 1");
  }
  Measures designated;
  for (const DesignatedController& d : report.designated) designated.add(d.measures);
  if (!nearly_equal(designated.count, report.total.designated.count) ||
      !nearly_equal(designated.traffic, report.total.designated.traffic) ||
      !nearly_equal(designated.subscribers, report.total.designated.subscribers)) {
    return Status::internal(
        "conservation check failed: the designated controllers' sums differ from the designated total");
  }
  return Status();
}

namespace {

// The declared vendors of unknown-maker elements, with what their evidence said.
void unresolved_vendors(const ElementStore& store, const Resolution& resolution, const std::vector<Measures>& by_vendor,
                        AssessReport& report) {
  std::vector<std::string> why(store.vendors.size());
  for (ElementIndex e = 0; e < store.size(); ++e) {
    const Decision& d = resolution.of(e);
    std::string& reason = why[store.declared_vendor[e]];
    if (d.maker != kNoMaker || !reason.empty()) continue;
    reason = d.evidence.empty() ? "no vendor, model or MAC evidence" : d.evidence.front().detail;
  }
  for (StrId v = 0; v < store.vendors.size(); ++v) {
    if (by_vendor[v].count == 0) continue;
    report.unresolved.push_back(UnresolvedVendor{std::string(store.vendors.view(v)), why[v], by_vendor[v]});
  }
}

// Per maker, the controller its share is held by: the top of its control chain, or itself when it
// is not a registry entity.
std::vector<MakerId> controller_of_makers(const Registry& registry, const Resolution& resolution, Date as_of) {
  std::vector<MakerId> out(resolution.entities + resolution.unregistered.size());
  for (MakerId m = 0; m < out.size(); ++m) {
    out[m] = resolution.is_entity(m) ? registry.control_chain(m, as_of).back() : m;
  }
  return out;
}

}  // namespace

Concentration concentration_of(std::vector<Measures> controllers, const Measures& total) {
  Concentration c;
  for (const Measures& m : controllers) c.controllers += m.count > 0;
  auto one = [&](double Measures::*field, double& hhi, double& top1, double& top5) {
    std::vector<double> values;
    values.reserve(controllers.size());
    for (const Measures& m : controllers) values.push_back(m.*field);
    std::sort(values.begin(), values.end(), std::greater<>());
    const double whole = total.*field;
    if (whole <= 0) return;
    for (std::size_t i = 0; i < values.size(); ++i) {
      const double share = values[i] / whole;
      hhi += (100 * share) * (100 * share);
      if (i < 1) top1 += share;
      if (i < 5) top5 += share;
    }
  };
  one(&Measures::count, c.hhi.count, c.top1.count, c.top5.count);
  one(&Measures::traffic, c.hhi.traffic, c.top1.traffic, c.top5.traffic);
  one(&Measures::subscribers, c.hhi.subscribers, c.top1.subscribers, c.top5.subscribers);
  return c;
}

namespace {

void fill_scope_shares(ScopeSummary& s) {
  s.designated_share = share_of(s.designated, s.total);
  s.unknown_share = share_of(s.unknown, s.total);
  s.control_unknown_share = share_of(s.control_unknown, s.total);
}

// Every share a report shows, once: the renderers only read them.
void fill_shares(AssessReport& r) {
  fill_scope_shares(r.total);
  for (ScopeSummary& s : r.by_function) fill_scope_shares(s);
  for (RegionSummary& region : r.by_region) fill_scope_shares(region.scope);
  for (ManufacturerSummary& m : r.manufacturers) m.share = share_of(m.measures, r.total.total);
  for (DesignatedController& d : r.designated) d.share = share_of(d.measures, r.total.total);
  for (ControllerSummary& c : r.controllers) c.share = share_of(c.measures, r.total.total);
}

}  // namespace

std::string hhi_words(double hhi) {
  const char* band = hhi > 2500 ? "highly concentrated" : hhi >= 1500 ? "moderately concentrated" : "unconcentrated";
  return fmt::format(
      "{} (HHI {:.0f} of 10,000; the bands of the US Horizontal Merger Guidelines, 2010, section 5.3: below 1,500 "
      "unconcentrated, 1,500 to 2,500 moderately, above 2,500 highly concentrated)",
      band, hhi);
}

Measures share_of(const Measures& part, const Measures& whole) {
  return Measures{ratio(part.count, whole.count), ratio(part.traffic, whole.traffic),
                  ratio(part.subscribers, whole.subscribers)};
}

Result<std::vector<std::vector<DesignationRef>>> active_designations(const Registry& registry,
                                                                     const std::vector<std::string>& lists,
                                                                     Date as_of) {
  auto selected = select_lists(registry, lists);
  if (!selected.ok()) return selected.status();
  return designations_by_entity(registry, *selected, as_of);
}

Result<std::vector<std::uint8_t>> designated_elements(const ElementStore& store, const Registry& registry,
                                                      const Resolution& resolution,
                                                      const std::vector<std::string>& lists, Date as_of) {
  auto active = active_designations(registry, lists, as_of);
  if (!active.ok()) return active.status();
  const auto& designations = *active;
  std::vector<std::uint8_t> out(store.size(), 0);
  for (ElementIndex e = 0; e < store.size(); ++e) {
    const MakerId maker = resolution.manufacturer(e);
    out[e] = resolution.is_entity(maker) && !designations[maker].empty();
  }
  return out;
}

Result<AssessReport> assess(const ElementStore& store, const Registry& registry, const Resolution& resolution,
                            const AssessOptions& options) {
  auto lists = select_lists(registry, options.lists);
  if (!lists.ok()) return lists.status();
  AssessReport report;
  report.as_of = options.as_of;
  for (std::size_t l : *lists) report.lists.push_back(registry.lists()[l].id);
  const auto designations = designations_by_entity(registry, *lists, options.as_of);

  const std::size_t makers = resolution.entities + resolution.unregistered.size();
  std::vector<Measures> by_maker(makers);
  std::vector<Measures> by_function_maker(kFunctionCount * makers);
  std::vector<ScopeSummary> by_region(store.regions.size());
  std::vector<Measures> by_vendor(store.vendors.size());
  for (ElementIndex e = 0; e < store.size(); ++e) {
    const double t = store.traffic[e], s = store.subscribers[e];
    const auto function = static_cast<std::size_t>(store.function[e]);
    ScopeSummary& scope = report.by_function[function];
    ScopeSummary& region = by_region[store.region[e]];
    scope.total.add(t, s);
    region.total.add(t, s);
    const Decision& decision = resolution.of(e);
    if (decision.flags & kWhiteLabel) report.resolution.white_label.add(t, s);
    if (decision.flags & kConflict) report.resolution.conflict.add(t, s);
    if (decision.flags & kUnregistered) report.resolution.unregistered.add(t, s);
    if (decision.flags & kFuzzyName) report.resolution.fuzzy.add(t, s);
    const MakerId maker = decision.maker;
    if (maker == kNoMaker) {
      scope.unknown.add(t, s);
      region.unknown.add(t, s);
      by_vendor[store.declared_vendor[e]].add(t, s);
      continue;
    }
    by_maker[maker].add(t, s);
    by_function_maker[function * makers + maker].add(t, s);
    if (!resolution.is_entity(maker)) {
      scope.control_unknown.add(t, s);
      region.control_unknown.add(t, s);
    } else if (!designations[maker].empty()) {
      scope.designated.add(t, s);
      region.designated.add(t, s);
    }
  }
  for (StrId r = 0; r < by_region.size(); ++r) {
    if (by_region[r].total.count > 0) report.by_region.push_back({std::string(store.regions.view(r)), by_region[r]});
  }
  for (const ScopeSummary& scope : report.by_function) {
    report.total.add_sums(scope);
  }
  report.resolution.distinct_keys = resolution.decisions.size();
  report.resolution.mac_evidence = resolution.mac_evidence;

  std::vector<DesignatedController> by_controller(registry.entities().size());
  for (MakerId m = 0; m < by_maker.size(); ++m) {
    if (by_maker[m].count == 0) continue;
    if (!resolution.is_entity(m)) {
      report.manufacturers.push_back(ManufacturerSummary{m, kNoEntity, by_maker[m], false, {}});
      continue;
    }
    const EntityIndex controller = registry.control_chain(m, options.as_of).back();
    report.manufacturers.push_back(ManufacturerSummary{m, controller, by_maker[m], !designations[m].empty(), {}});
    if (designations[m].empty()) continue;
    DesignatedController& dc = by_controller[controller];
    dc.entity = controller;
    dc.measures.add(by_maker[m]);
    for (const DesignationRef& ref : designations[m]) {
      const bool seen = std::any_of(dc.designations.begin(), dc.designations.end(), [&](const DesignationRef& r) {
        return r.list == ref.list && r.entry == ref.entry;
      });
      if (!seen) dc.designations.push_back(ref);
    }
  }
  for (DesignatedController& dc : by_controller) {
    if (dc.measures.count > 0) report.designated.push_back(std::move(dc));
  }
  // Shares by controller, whole network and per function.
  const std::vector<MakerId> controller_of = controller_of_makers(registry, resolution, options.as_of);
  std::vector<Measures> by_controller_measures(makers);
  std::vector<std::uint8_t> controller_designated(makers, 0);
  for (std::size_t f = 0; f < kFunctionCount; ++f) {
    std::vector<Measures> in_function(makers);
    for (MakerId m = 0; m < makers; ++m) in_function[controller_of[m]].add(by_function_maker[f * makers + m]);
    report.concentration_by_function[f] = concentration_of(in_function, report.by_function[f].total);
  }
  for (MakerId m = 0; m < makers; ++m) {
    if (by_maker[m].count == 0) continue;
    by_controller_measures[controller_of[m]].add(by_maker[m]);
    if (resolution.is_entity(m) && !designations[m].empty()) controller_designated[controller_of[m]] = 1;
  }
  report.concentration = concentration_of(by_controller_measures, report.total.total);
  for (MakerId c = 0; c < makers; ++c) {
    if (by_controller_measures[c].count > 0) {
      report.controllers.push_back(ControllerSummary{c, by_controller_measures[c], controller_designated[c] != 0, {}});
    }
  }

  auto by_count = [](const auto& a, const auto& b) { return a.measures.count > b.measures.count; };
  std::stable_sort(report.controllers.begin(), report.controllers.end(), by_count);
  std::stable_sort(
      report.by_region.begin(), report.by_region.end(),
      [](const RegionSummary& a, const RegionSummary& b) { return a.scope.total.count > b.scope.total.count; });
  std::stable_sort(report.manufacturers.begin(), report.manufacturers.end(), by_count);
  std::stable_sort(report.designated.begin(), report.designated.end(), by_count);

  unresolved_vendors(store, resolution, by_vendor, report);
  std::stable_sort(report.unresolved.begin(), report.unresolved.end(), by_count);
  if (report.unresolved.size() > options.top) report.unresolved.resize(options.top);

  fill_shares(report);
  if (Status s = check_conservation(report, store.size()); !s.ok()) return s;
  return report;
}

}  // namespace kitwatch
