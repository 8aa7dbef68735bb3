// The distinct selectors of a list of rules, compiled once each: what the policy engine evaluates
// (evaluate.cc) and what select_rule_elements hands to other modules (the planner), so that both
// select exactly the same elements.
//
// Private to src/policy.
#pragma once

#include <utility>
#include <vector>

#include "base/status.h"
#include "policy/policy.h"
#include "policy/selector.h"

namespace kitwatch {

// slots[i] is rule i's (scope, suppliers) index into compiled, or -1 for "every element".
struct SelectorPlan {
  std::vector<CompiledSelector> compiled;
  std::vector<std::pair<int, int>> slots;
};

Result<SelectorPlan> plan_selectors(const std::vector<const Rule*>& rules, const PolicyContext& ctx,
                                    const SupplierFacts& facts);

}  // namespace kitwatch
