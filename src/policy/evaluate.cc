// Evaluating packs: every distinct selector is evaluated once over the store (in parallel, into one
// bit per element), then each rule is a pass over its selectors' bits.
#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <map>

#include "base/threads.h"
#include "policy/policy.h"
#include "policy/selector.h"
#include "policy/selector_plan.h"

namespace kitwatch {
namespace {

using Bits = std::vector<std::uint64_t>;

// A share above the limit by more than rounding error is over; exactly at the limit is not.
constexpr double kShareTolerance = 1e-12;

// Calls f(e) for every element whose bit is set in a & b.
template <typename F>
void for_each_both(const Bits& a, const Bits& b, F&& f) {
  for (std::size_t w = 0; w < a.size(); ++w) {
    for (std::uint64_t word = a[w] & b[w]; word != 0; word &= word - 1) {
      f(static_cast<ElementIndex>(w * 64 + static_cast<std::size_t>(std::countr_zero(word))));
    }
  }
}

struct RuleInputs {
  const Rule& rule;
  const Bits& scope;
  const Bits& suppliers;  // all ones for require_evidence
  const PolicyContext& ctx;
};

// The group an element falls in for a per-region or per-site rule; 0 for the whole scope.
StrId group_of(const ElementStore& store, ElementIndex e, GroupBy per) {
  if (per == GroupBy::kRegion) return store.region[e];
  if (per == GroupBy::kSite) return store.site[e];
  return 0;
}

std::string group_name(const ElementStore& store, StrId g, GroupBy per) {
  if (per == GroupBy::kNone) return "";
  const std::string_view name = per == GroupBy::kRegion ? store.regions.view(g) : store.sites.view(g);
  return name.empty() ? "(none)" : std::string(name);
}

std::size_t group_count(const ElementStore& store, GroupBy per) {
  if (per == GroupBy::kRegion) return store.regions.size();
  if (per == GroupBy::kSite) return store.sites.size();
  return 1;
}

// Elements selected in scope, in groups marked in `over` (all when over is empty).
void collect(const RuleInputs& in, const std::vector<std::uint8_t>& over, RuleResult& out) {
  for_each_both(in.scope, in.suppliers, [&](ElementIndex e) {
    if (over.empty() || over[group_of(in.ctx.store, e, in.rule.per)]) out.elements.push_back(e);
  });
}

void order_groups(RuleResult& out) {
  std::stable_sort(out.groups.begin(), out.groups.end(), [](const GroupResult& a, const GroupResult& b) {
    return a.over != b.over ? a.over : a.measured > b.measured;
  });
  out.measured = 0;
  for (const GroupResult& g : out.groups) out.measured = std::max(out.measured, g.measured);
}

void evaluate_cap(const RuleInputs& in, RuleResult& out) {
  const ElementStore& store = in.ctx.store;
  const std::size_t groups = group_count(store, in.rule.per);
  std::vector<double> total(groups, 0), part(groups, 0);
  std::vector<std::uint8_t> seen(groups, 0), over(groups, 0);
  if (in.rule.per == GroupBy::kNone && in.rule.measure == Measure::kCount) {  // popcounts suffice
    for (std::size_t w = 0; w < in.scope.size(); ++w) {
      total[0] += std::popcount(in.scope[w]);
      part[0] += std::popcount(in.scope[w] & in.suppliers[w]);
    }
    seen[0] = total[0] > 0;
  } else {
    for_each_both(in.scope, in.scope, [&](ElementIndex e) {
      const StrId g = group_of(store, e, in.rule.per);
      total[g] += measure_value(store, e, in.rule.measure);
      seen[g] = 1;
    });
    for_each_both(in.scope, in.suppliers, [&](ElementIndex e) {
      part[group_of(store, e, in.rule.per)] += measure_value(store, e, in.rule.measure);
    });
  }
  for (StrId g = 0; g < groups; ++g) {
    if (!seen[g]) continue;
    const double share = total[g] > 0 ? part[g] / total[g] : 0;
    over[g] = share > in.rule.limit + kShareTolerance;
    out.groups.push_back(GroupResult{group_name(store, g, in.rule.per), share, total[g], over[g] != 0, {}});
  }
  out.limit = in.rule.limit;
  order_groups(out);
  if (std::any_of(over.begin(), over.end(), [](std::uint8_t o) { return o != 0; })) collect(in, over, out);
}

void evaluate_max_suppliers(const RuleInputs& in, RuleResult& out) {
  const ElementStore& store = in.ctx.store;
  const Resolution& res = in.ctx.resolution;
  const std::size_t groups = group_count(store, in.rule.per);
  // Which (group, decision) pairs occur; controllers follow from the decisions.
  std::vector<std::vector<std::uint8_t>> seen(groups);
  for_each_both(in.scope, in.suppliers, [&](ElementIndex e) {
    auto& flags = seen[group_of(store, e, in.rule.per)];
    if (flags.empty()) flags.resize(res.decisions.size(), 0);
    flags[res.decision_of[e]] = 1;
  });
  std::vector<std::uint8_t> over(groups, 0);
  for (StrId g = 0; g < groups; ++g) {
    if (seen[g].empty()) continue;
    std::vector<EntityIndex> list;
    for (std::size_t d = 0; d < seen[g].size(); ++d) {
      const EntityIndex c = res.decisions[d].controller;
      if (seen[g][d] && c != kNoEntity && std::find(list.begin(), list.end(), c) == list.end()) list.push_back(c);
    }
    std::sort(list.begin(), list.end());
    over[g] = list.size() > in.rule.max;
    out.groups.push_back(
        GroupResult{group_name(store, g, in.rule.per), static_cast<double>(list.size()), 0, over[g] != 0, list});
  }
  out.limit = in.rule.max;
  order_groups(out);
  if (std::any_of(over.begin(), over.end(), [](std::uint8_t o) { return o != 0; })) collect(in, over, out);
}

void evaluate_no_new(const RuleInputs& in, RuleResult& out) {
  const std::int32_t from = in.rule.date ? in.rule.date->days() : INT32_MIN;
  for_each_both(in.scope, in.suppliers, [&](ElementIndex e) {
    const std::int32_t installed = in.ctx.store.installed[e];
    if (installed == kNoDate) {
      ++out.undated;
    } else if (installed >= from) {
      out.elements.push_back(e);
    }
  });
  out.measured = static_cast<double>(out.elements.size());
}

void evaluate_require_evidence(const RuleInputs& in, RuleResult& out) {
  const Resolution& res = in.ctx.resolution;
  std::vector<std::uint8_t> weak(res.decisions.size());
  for (std::size_t d = 0; d < weak.size(); ++d) {
    weak[d] = res.decisions[d].maker == kNoMaker || res.decisions[d].confidence < in.rule.min_confidence;
  }
  for_each_both(in.scope, in.scope, [&](ElementIndex e) {
    if (weak[res.decision_of[e]]) out.elements.push_back(e);
  });
  out.measured = static_cast<double>(out.elements.size());
  out.limit = 0;
}

// prohibit and remove_by: every selected element in scope is concerned.
void evaluate_presence(const RuleInputs& in, RuleResult& out) {
  collect(in, {}, out);
  out.measured = 0;
  for (ElementIndex e : out.elements) out.measured += measure_value(in.ctx.store, e, in.rule.measure);
}

RuleResult evaluate_rule(const RuleInputs& in) {
  RuleResult out;
  const Rule& rule = in.rule;
  // A remove_by rule without a deadline only tracks what remains; other undated rules always apply.
  out.in_force = rule.date ? in.ctx.as_of >= *rule.date : rule.kind != RuleKind::kRemoveBy;
  out.days_left = rule.date ? rule.date->days() - in.ctx.as_of.days() : 0;
  for (std::uint64_t w : in.scope) out.scope_elements += static_cast<std::size_t>(std::popcount(w));
  if (rule.kind != RuleKind::kRequireEvidence) {
    for_each_both(in.scope, in.suppliers,
                  [&](ElementIndex e) { out.selected.add(in.ctx.store.traffic[e], in.ctx.store.subscribers[e]); });
  }
  switch (rule.kind) {
    case RuleKind::kCap:
      evaluate_cap(in, out);
      break;
    case RuleKind::kMaxSuppliers:
      evaluate_max_suppliers(in, out);
      break;
    case RuleKind::kNoNew:
      evaluate_no_new(in, out);
      break;
    case RuleKind::kRequireEvidence:
      evaluate_require_evidence(in, out);
      break;
    default:
      evaluate_presence(in, out);
  }
  bool over = !out.elements.empty();
  if (rule.kind == RuleKind::kCap || rule.kind == RuleKind::kMaxSuppliers) {
    over = std::any_of(out.groups.begin(), out.groups.end(), [](const GroupResult& g) { return g.over; });
  }
  out.status = !out.in_force ? RuleStatus::kPending : over ? RuleStatus::kViolated : RuleStatus::kMet;
  return out;
}

// Elements present at as_of: installed on or before it, or with no installed date.
Bits present_elements(const ElementStore& store, Date as_of, std::size_t& installed_later) {
  const std::size_t n = store.size();
  Bits bits((n + 63) / 64, 0);
  const std::int32_t* installed = store.installed.data();
  const std::int32_t last = as_of.days();
  for (std::size_t w = 0; w < bits.size(); ++w) {
    std::uint64_t word = 0;
    const std::size_t end = std::min(n, (w + 1) * 64);
    for (std::size_t e = w * 64; e < end; ++e) {
      word |= static_cast<std::uint64_t>(installed[e] == kNoDate || installed[e] <= last) << (e % 64);
    }
    bits[w] = word;
  }
  std::size_t present = 0;
  for (std::uint64_t w : bits) present += static_cast<std::size_t>(std::popcount(w));
  installed_later = n - present;
  return bits;
}

}  // namespace

std::size_t PolicyReport::failing() const {
  return static_cast<std::size_t>(std::count_if(results.begin(), results.end(), [&](const RuleResult& r) {
    return r.status == RuleStatus::kViolated && packs[r.pack].rules[r.rule].severity == "error";
  }));
}

Result<PolicyReport> evaluate_policies(std::vector<Pack> packs, const PolicyContext& ctx) {
  PolicyReport report;
  report.as_of = ctx.as_of;
  report.packs = std::move(packs);
  std::vector<const Rule*> rules;
  for (std::size_t p = 0; p < report.packs.size(); ++p) {
    for (std::size_t r = 0; r < report.packs[p].rules.size(); ++r) {
      rules.push_back(&report.packs[p].rules[r]);
      RuleResult placeholder;
      placeholder.pack = p;
      placeholder.rule = r;
      report.results.push_back(std::move(placeholder));
    }
  }
  const SupplierFacts facts = supplier_facts(ctx.registry, ctx.resolution, ctx.as_of);
  auto plan = plan_selectors(rules, ctx, facts);
  if (!plan.ok()) return plan.status();
  std::vector<const CompiledSelector*> selectors;
  for (const CompiledSelector& c : plan->compiled) selectors.push_back(&c);
  const auto bits = evaluate_selectors(selectors, ctx.store, ctx.resolution, ctx.threads);
  const Bits all = present_elements(ctx.store, ctx.as_of, report.installed_later);
  // Scopes only hold elements present at the as-of date; suppliers need no such mask.
  std::vector<Bits> scopes(bits.size());
  for (std::size_t s = 0; s < bits.size(); ++s) {
    scopes[s].resize(all.size());
    for (std::size_t w = 0; w < all.size(); ++w) scopes[s][w] = bits[s][w] & all[w];
  }
  auto scope_of = [&](int slot) -> const Bits& { return slot < 0 ? all : scopes[static_cast<std::size_t>(slot)]; };
  auto bits_of = [&](int slot) -> const Bits& { return slot < 0 ? all : bits[static_cast<std::size_t>(slot)]; };
  // Elements whose maker, or the maker's controller, the registry cannot name: a suppliers
  // selector that leaves them out may be wrong about them (docs/policy.md "Undecided elements").
  Bits unnamed(all.size(), 0);
  for (ElementIndex e = 0; e < ctx.store.size(); ++e) {
    const MakerId maker = ctx.resolution.manufacturer(e);
    if (maker == kNoMaker || !ctx.resolution.is_entity(maker)) unnamed[e / 64] |= std::uint64_t{1} << (e % 64);
  }
  // A rule's undecided elements: in scope, not selected as suppliers, maker or control unknown.
  auto undecided_word = [&](std::size_t i, std::size_t w) -> std::uint64_t {
    const auto [scope, suppliers] = plan->slots[i];
    if (!rules[i]->suppliers || rules[i]->kind == RuleKind::kRequireEvidence) return 0;
    return scope_of(scope)[w] & unnamed[w] & ~bits_of(suppliers)[w];
  };

  // Each rule writes its own result slot only.
  parallel_for(rules.size(), ctx.threads, [&](std::size_t i, unsigned) {
    const auto [scope, suppliers] = plan->slots[i];
    RuleResult result = evaluate_rule(RuleInputs{*rules[i], scope_of(scope), bits_of(suppliers), ctx});
    if (rules[i]->suppliers) result.lists = rules[i]->suppliers->lists_named();
    for (std::size_t w = 0; w < all.size(); ++w) {
      result.undecided += static_cast<std::size_t>(std::popcount(undecided_word(i, w)));
    }
    result.pack = report.results[i].pack;
    result.rule = report.results[i].rule;
    report.results[i] = std::move(result);
  });
  // The gate's count: distinct undecided elements of the rules in force that can fail it.
  for (std::size_t w = 0; w < all.size(); ++w) {
    std::uint64_t word = 0;
    for (std::size_t i = 0; i < rules.size(); ++i) {
      if (report.results[i].in_force && rules[i]->severity == "error") word |= undecided_word(i, w);
    }
    report.undecided += static_cast<std::size_t>(std::popcount(word));
  }
  return report;
}

}  // namespace kitwatch
