// select_elements and check_selector: the selector language for other modules (what-if scopes),
// so that they need only policy.h.
#include "policy/policy.h"
#include "policy/selector.h"

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

}  // namespace kitwatch

namespace kitwatch {

Result<std::vector<std::vector<std::uint8_t>>> select_rule_elements(const std::vector<Pack>& packs,
                                                                    const PolicyContext& context) {
  const SupplierFacts facts = supplier_facts(context.registry, context.resolution, context.as_of);
  // Each distinct selector text is compiled and evaluated once (rules of a pack share suppliers).
  std::vector<CompiledSelector> compiled;
  std::vector<std::string> texts;
  auto slot_of = [&](const std::shared_ptr<const Selector>& s) -> Result<int> {
    if (!s) return -1;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      if (texts[i] == s->text()) return static_cast<int>(i);
    }
    auto c = CompiledSelector::compile(*s, context.store, context.registry, context.resolution, facts);
    if (!c.ok()) return c.status();
    compiled.push_back(std::move(*c));
    texts.push_back(s->text());
    return static_cast<int>(compiled.size() - 1);
  };
  std::vector<std::pair<int, int>> slots;
  for (const Pack& pack : packs) {
    for (const Rule& rule : pack.rules) {
      auto scope = slot_of(rule.scope);
      if (!scope.ok()) return scope.status();
      auto suppliers = slot_of(rule.suppliers);
      if (!suppliers.ok()) return suppliers.status();
      slots.emplace_back(*scope, *suppliers);
    }
  }
  std::vector<const CompiledSelector*> pointers;
  for (const CompiledSelector& c : compiled) pointers.push_back(&c);
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
