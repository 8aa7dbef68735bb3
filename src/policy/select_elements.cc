// select_elements and check_selector: the selector language for other modules (what-if scopes),
// so that they need only policy.h.
#include <map>
#include <memory>
#include <string>

#include "policy/policy.h"
#include "policy/selector.h"
#include "policy/selector_plan.h"

namespace kitwatch {

Status check_selector(std::string_view selector, const std::function<SourceLocation(std::size_t)>& locate) {
  auto parsed = Selector::parse(selector, locate);
  return parsed.ok() ? Status() : parsed.status();
}

Result<std::vector<ElementIndex>> select_elements(std::string_view selector, const SourceLocation& where,
                                                  const PolicyContext& context) {
  auto parsed = Selector::parse(selector, [&](std::size_t) { return where; });
  if (!parsed.ok()) return parsed.status();
  const SupplierFacts facts = supplier_facts(context.registry, context.resolution, context.as_of);
  auto compiled = CompiledSelector::compile(*parsed, context.store, context.registry, context.resolution, facts);
  if (!compiled.ok()) return compiled.status();  // located at `where` by the parse's locator
  const auto bits = evaluate_selectors({&*compiled}, context.store, context.resolution, context.threads);
  std::vector<ElementIndex> hits;
  for (ElementIndex e = 0; e < context.store.size(); ++e) {
    if ((bits[0][e / 64] >> (e % 64)) & 1) hits.push_back(e);
  }
  return hits;
}

Result<SelectorPlan> plan_selectors(const std::vector<const Rule*>& rules, const PolicyContext& ctx,
                                    const SupplierFacts& facts) {
  SelectorPlan plan;
  std::map<std::string, int> index;
  auto slot_of = [&](const std::shared_ptr<const Selector>& s) -> Result<int> {
    if (!s) return -1;
    if (auto found = index.find(s->text()); found != index.end()) return found->second;
    auto compiled = CompiledSelector::compile(*s, ctx.store, ctx.registry, ctx.resolution, facts);
    if (!compiled.ok()) return compiled.status();
    plan.compiled.push_back(std::move(*compiled));
    return index[s->text()] = static_cast<int>(plan.compiled.size() - 1);
  };
  for (const Rule* rule : rules) {
    auto scope = slot_of(rule->scope);
    if (!scope.ok()) return scope.status();
    auto suppliers = slot_of(rule->suppliers);
    if (!suppliers.ok()) return suppliers.status();
    plan.slots.emplace_back(*scope, *suppliers);
  }
  return plan;
}

Result<std::vector<std::vector<std::uint8_t>>> select_rule_elements(const std::vector<Pack>& packs,
                                                                    const PolicyContext& context) {
  const SupplierFacts facts = supplier_facts(context.registry, context.resolution, context.as_of);
  std::vector<const Rule*> rules;
  for (const Pack& pack : packs) {
    for (const Rule& rule : pack.rules) rules.push_back(&rule);
  }
  auto plan = plan_selectors(rules, context, facts);
  if (!plan.ok()) return plan.status();
  const std::vector<std::pair<int, int>>& slots = plan->slots;
  std::vector<const CompiledSelector*> pointers;
  for (const CompiledSelector& c : plan->compiled) pointers.push_back(&c);
  const auto bits = evaluate_selectors(pointers, context.store, context.resolution, context.threads);
  auto bit = [&](int slot, ElementIndex e) {
    return slot < 0 || ((bits[static_cast<std::size_t>(slot)][e / 64] >> (e % 64)) & 1u) != 0;
  };
  std::vector<std::vector<std::uint8_t>> out(slots.size());
  for (std::size_t r = 0; r < slots.size(); ++r) {
    out[r].resize(context.store.size());
    for (ElementIndex e = 0; e < context.store.size(); ++e) {
      out[r][e] = static_cast<std::uint8_t>((bit(slots[r].first, e) ? kInRuleScope : 0) |
                                            (bit(slots[r].second, e) ? kRuleSupplier : 0));
    }
  }
  return out;
}

}  // namespace kitwatch
