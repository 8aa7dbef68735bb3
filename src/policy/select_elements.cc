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
