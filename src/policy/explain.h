// Why an element counts for a rule: its resolution (maker, evidence, confidence) and the
// designations on its control chain at the as-of date. Elements sharing a resolution decision share
// the explanation, so results are explained per group. Private to src/policy.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "policy/policy.h"
#include "policy/selector.h"

namespace kitwatch {

struct EvidenceGroup {
  std::uint32_t decision = 0;
  std::vector<ElementIndex> elements;  // in store order
};

// The result's elements grouped by resolution decision (by_maker: by manufacturer instead),
// largest group first.
std::vector<EvidenceGroup> group_by_evidence(const RuleResult& result, const Resolution& resolution,
                                             bool by_maker = false);

// Explanations name the designations on the lists in `lists` (all lists when empty): the ones the
// rule's supplier selector asks about.
// "Huawei (control chain Huawei → ...); uk-tsa-designated lists Huawei since 2022-10-13 [source];
// resolved from declared 'huawei' is an alias of Huawei, confidence 0.95".
std::string explain_text(std::uint32_t decision, const PolicyContext& ctx, const SupplierFacts& facts,
                         const std::vector<std::string>& lists);
nlohmann::ordered_json explain_json(std::uint32_t decision, const PolicyContext& ctx, const SupplierFacts& facts,
                                    const std::vector<std::string>& lists);
// The designations as "list:entity:added" joined by ';' (for CSV).
std::string designations_short(std::uint32_t decision, const PolicyContext& ctx, const SupplierFacts& facts,
                               const std::vector<std::string>& lists);

// "2023-12-31 (in 364 days)", "2023-12-31 (in force from today)", "2023-12-31 (in force for 1 day)" (the day after),
// "always".
std::string when_text(const Rule& rule, const RuleResult& result);

}  // namespace kitwatch
