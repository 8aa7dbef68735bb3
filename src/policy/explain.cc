#include "policy/explain.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

namespace kitwatch {
namespace {

std::vector<DesignationRef> refs_of(std::uint32_t decision, const PolicyContext& ctx, const SupplierFacts& facts,
                                    const std::vector<std::string>& lists) {
  std::vector<DesignationRef> out;
  const MakerId maker = ctx.resolution.decisions[decision].maker;
  if (!ctx.resolution.is_entity(maker)) return out;
  for (const DesignationRef& ref : facts.designations[maker]) {
    const std::string& id = ctx.registry.lists()[ref.list].id;
    if (lists.empty() || std::find(lists.begin(), lists.end(), id) != lists.end()) out.push_back(ref);
  }
  return out;
}

std::string chain_text(std::uint32_t decision, const PolicyContext& ctx, const SupplierFacts& facts) {
  std::string out;
  for (EntityIndex e : facts.chain_of_decision[decision]) {
    out += fmt::format("{}{}", out.empty() ? "" : " → ", ctx.registry.entity(e).name);
  }
  return out;
}

std::string evidence_text(const Decision& d) {
  std::string out;
  for (const EvidenceItem& item : d.evidence) {
    if (!item.supports) continue;
    out += fmt::format("{}{}", out.empty() ? "" : "; ", item.detail);
  }
  return out.empty() ? "no supporting evidence" : out;
}

}  // namespace

std::vector<EvidenceGroup> group_by_evidence(const RuleResult& result, const Resolution& resolution, bool by_maker) {
  std::vector<EvidenceGroup> groups;
  // Millions of elements, a few thousand decisions: each decision's group is looked up in a map
  // once and then kept in an array indexed by decision.
  constexpr std::size_t kUnseen = ~std::size_t{0};
  std::vector<std::size_t> group_of_decision(resolution.decisions.size(), kUnseen);
  std::unordered_map<std::uint32_t, std::size_t> group_of_maker;
  for (ElementIndex e : result.elements) {
    const std::uint32_t d = resolution.decision_of[e];
    std::size_t& group = group_of_decision[d];
    if (group == kUnseen) {
      const auto [it, added] = group_of_maker.try_emplace(by_maker ? resolution.decisions[d].maker : d, groups.size());
      if (added) groups.push_back(EvidenceGroup{d, {}});
      group = it->second;
    }
    groups[group].elements.push_back(e);
  }
  std::stable_sort(groups.begin(), groups.end(), [](const EvidenceGroup& a, const EvidenceGroup& b) {
    return a.elements.size() > b.elements.size();
  });
  return groups;
}

std::string explain_text(std::uint32_t decision, const PolicyContext& ctx, const SupplierFacts& facts,
                         const std::vector<std::string>& lists) {
  const Decision& d = ctx.resolution.decisions[decision];
  if (d.maker == kNoMaker) return fmt::format("maker unknown ({})", evidence_text(d));
  std::string out = ctx.resolution.maker_name(d.maker, ctx.registry);
  if (!facts.chain_of_decision[decision].empty())
    out += fmt::format(" (control chain {})", chain_text(decision, ctx, facts));
  for (const DesignationRef& ref : refs_of(decision, ctx, facts, lists)) {
    const DesignationList& list = ctx.registry.lists()[ref.list];
    const Designation& fact = list.entries[ref.entry];
    out += fmt::format("; {} lists {} since {} [{}]{}", list.id, ctx.registry.entity(fact.entity).name,
                       fact.added.to_string(), fact.source, fact.verified ? "" : " (date unverified)");
  }
  return out + fmt::format("; resolved from {}, confidence {:.2f}", evidence_text(d), d.confidence);
}

nlohmann::ordered_json explain_json(std::uint32_t decision, const PolicyContext& ctx, const SupplierFacts& facts,
                                    const std::vector<std::string>& lists) {
  const Decision& d = ctx.resolution.decisions[decision];
  const Registry& reg = ctx.registry;
  nlohmann::ordered_json chain = nlohmann::ordered_json::array();
  for (EntityIndex e : facts.chain_of_decision[decision]) chain.push_back(reg.entity(e).id);
  nlohmann::ordered_json designations = nlohmann::ordered_json::array();
  for (const DesignationRef& ref : refs_of(decision, ctx, facts, lists)) {
    const Designation& fact = reg.lists()[ref.list].entries[ref.entry];
    designations.push_back({{"list", reg.lists()[ref.list].id},
                            {"entity", reg.entity(fact.entity).id},
                            {"added", fact.added.to_string()},
                            {"source", fact.source},
                            {"verified", fact.verified}});
  }
  nlohmann::ordered_json evidence = nlohmann::ordered_json::array();
  for (const EvidenceItem& item : d.evidence) {
    evidence.push_back({{"kind", std::string(evidence_kind_name(item.kind))},
                        {"maker", item.maker == kNoMaker ? "" : ctx.resolution.maker_id(item.maker, reg)},
                        {"weight", item.weight},
                        {"supports", item.supports},
                        {"detail", item.detail}});
  }
  return {{"manufacturer", d.maker == kNoMaker ? "" : ctx.resolution.maker_id(d.maker, reg)},
          {"controller", d.controller == kNoEntity ? "" : reg.entity(d.controller).id},
          {"control_chain", chain},
          {"designations", designations},
          {"confidence", d.confidence},
          {"resolution_evidence", evidence}};
}

std::string designations_short(std::uint32_t decision, const PolicyContext& ctx, const SupplierFacts& facts,
                               const std::vector<std::string>& lists) {
  std::string out;
  for (const DesignationRef& ref : refs_of(decision, ctx, facts, lists)) {
    const Designation& fact = ctx.registry.lists()[ref.list].entries[ref.entry];
    out += fmt::format("{}{}:{}:{}", out.empty() ? "" : ";", ctx.registry.lists()[ref.list].id,
                       ctx.registry.entity(fact.entity).id, fact.added.to_string());
  }
  return out;
}

std::string when_text(const Rule& rule, const RuleResult& result) {
  if (!rule.date) return rule.kind == RuleKind::kRemoveBy ? "no deadline set (tracked)" : "always";
  const std::int64_t d = result.days_left;
  if (d > 0) return fmt::format("{} (in {} day{})", rule.date->to_string(), d, d == 1 ? "" : "s");
  // The same count of days as the timeline's "days left" (as_of - date), so the two never disagree.
  if (d == 0) return fmt::format("{} (in force from today)", rule.date->to_string());
  return fmt::format("{} (in force for {} day{})", rule.date->to_string(), -d, -d == 1 ? "" : "s");
}

}  // namespace kitwatch
