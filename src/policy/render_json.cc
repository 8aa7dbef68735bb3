// Policy results for machines: the JSON "policy" section and a CSV with one row per element.
#include <fmt/format.h>

#include <algorithm>

#include "base/csv_writer.h"
#include "policy/explain.h"
#include "policy/policy.h"

namespace kitwatch {
namespace {

nlohmann::ordered_json measures_json(const Measures& m) {
  return {{"count", m.count}, {"traffic", m.traffic}, {"subscribers", m.subscribers}};
}

nlohmann::ordered_json groups_json(const RuleResult& r, const Registry& registry) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const GroupResult& g : r.groups) {
    nlohmann::ordered_json row = {{"group", g.name}, {"measured", g.measured}, {"over", g.over}};
    if (g.scope_total > 0) row["scope_total"] = g.scope_total;
    if (!g.controllers.empty()) {
      nlohmann::ordered_json ids = nlohmann::ordered_json::array();
      for (EntityIndex c : g.controllers) ids.push_back(registry.entity(c).id);
      row["controllers"] = ids;
    }
    out.push_back(std::move(row));
  }
  return out;
}

// Each group lists its element ids until the rule has listed max_elements; a group that could
// not list all of them says how many it left out.
nlohmann::ordered_json evidence_json(const RuleResult& r, const PolicyContext& ctx, const SupplierFacts& facts,
                                     std::size_t max_elements, std::size_t& omitted) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  std::size_t budget = max_elements;
  for (const EvidenceGroup& group : group_by_evidence(r, ctx.resolution)) {
    nlohmann::ordered_json item = explain_json(group.decision, ctx, facts, r.lists);
    const std::size_t listed = std::min(budget, group.elements.size());
    nlohmann::ordered_json ids = nlohmann::ordered_json::array();
    ids.get_ref<nlohmann::ordered_json::array_t&>().reserve(listed);
    for (std::size_t i = 0; i < listed; ++i) ids.emplace_back(ctx.store.id_of(group.elements[i]));
    item["elements"] = std::move(ids);
    if (listed < group.elements.size()) item["elements_omitted"] = group.elements.size() - listed;
    budget -= listed;
    omitted += group.elements.size() - listed;
    out.push_back(std::move(item));
  }
  return out;
}

nlohmann::ordered_json rule_json(const PolicyReport& report, const RuleResult& r, const PolicyContext& ctx,
                                 const SupplierFacts& facts, std::size_t max_elements, std::size_t& omitted) {
  const Pack& pack = report.packs[r.pack];
  const Rule& rule = pack.rules[r.rule];
  nlohmann::ordered_json out = {
      {"pack", pack.name},
      {"id", rule.id},
      {"kind", std::string(rule_kind_name(rule.kind))},
      {"title", rule.title},
      {"source", rule.source},
      {"severity", rule.severity},
      {"assumption", rule.assumption.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(rule.assumption)},
      {"date", rule.date ? rule.date->to_string() : ""},
      {"status", std::string(rule_status_name(r.status))},
      {"in_force", r.in_force},
      {"days_left", r.days_left},
      {"scope", rule.scope ? rule.scope->text() : ""},
      {"suppliers", rule.suppliers ? rule.suppliers->text() : ""},
      {"measure", std::string(measure_name(rule.measure))},
      {"measured", r.measured},
      {"limit", r.limit},
      {"scope_elements", r.scope_elements},
      {"undecided", r.undecided},
      {"selected", measures_json(r.selected)}};
  if (rule.kind == RuleKind::kNoNew) out["undated"] = r.undated;
  if (!r.groups.empty()) out["groups"] = groups_json(r, ctx.registry);
  out["element_count"] = r.elements.size();
  std::size_t rule_omitted = 0;
  out["evidence"] = evidence_json(r, ctx, facts, max_elements, rule_omitted);
  if (rule_omitted > 0) out["elements_omitted"] = rule_omitted;
  omitted += rule_omitted;
  return out;
}

nlohmann::ordered_json timeline_json(const PolicyReport& report) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  std::vector<const RuleResult*> dated;
  for (const RuleResult& r : report.results) {
    if (report.packs[r.pack].rules[r.rule].date) dated.push_back(&r);
  }
  std::stable_sort(dated.begin(), dated.end(), [&](const RuleResult* a, const RuleResult* b) {
    return *report.packs[a->pack].rules[a->rule].date < *report.packs[b->pack].rules[b->rule].date;
  });
  for (const RuleResult* r : dated) {
    const Rule& rule = report.packs[r->pack].rules[r->rule];
    out.push_back({{"date", rule.date->to_string()},
                   {"pack", report.packs[r->pack].name},
                   {"rule", rule.id},
                   {"kind", std::string(rule_kind_name(rule.kind))},
                   {"status", std::string(rule_status_name(r->status))},
                   {"days_left", r->days_left},
                   {"assumption", !rule.assumption.empty()}});
  }
  return out;
}

}  // namespace

nlohmann::ordered_json policy_json(const PolicyReport& report, const PolicyContext& context, std::size_t max_elements) {
  const SupplierFacts facts = supplier_facts(context.registry, context.resolution, context.as_of);
  nlohmann::ordered_json packs = nlohmann::ordered_json::array();
  for (const Pack& pack : report.packs) {
    packs.push_back(
        {{"name", pack.name}, {"title", pack.title}, {"jurisdiction", pack.jurisdiction}, {"file", pack.file}});
    if (!pack.load_note.empty()) packs.back()["load_note"] = pack.load_note;
  }
  nlohmann::ordered_json rules = nlohmann::ordered_json::array();
  std::size_t omitted = 0;
  for (const RuleResult& r : report.results)
    rules.push_back(rule_json(report, r, context, facts, max_elements, omitted));
  nlohmann::ordered_json out = {{"as_of", report.as_of.to_string()},
                                {"compliant", report.failing() == 0},
                                {"installed_later", report.installed_later},
                                {"failing", report.failing()},
                                {"packs", std::move(packs)},
                                {"rules", std::move(rules)},
                                {"timeline", timeline_json(report)}};
  if (omitted > 0) {
    out["element_lists"] = {{"limit_per_rule", max_elements},
                            {"omitted", omitted},
                            {"full_lists",
                             "kitwatch check INVENTORY --policy PACK --format csv (one row per element), "
                             "or this report with --elements all"}};
  }
  return out;
}

nlohmann::ordered_json pack_json(const Pack& pack) {
  nlohmann::ordered_json rules = nlohmann::ordered_json::array();
  for (const Rule& rule : pack.rules) {
    nlohmann::ordered_json r = {
        {"id", rule.id},
        {"kind", std::string(rule_kind_name(rule.kind))},
        {"title", rule.title},
        {"date", rule.date ? nlohmann::ordered_json(rule.date->to_string()) : nullptr},
        {"scope", rule.scope ? rule.scope->text() : ""},
        {"suppliers", rule.suppliers ? rule.suppliers->text() : ""},
        {"measure", std::string(measure_name(rule.measure))},
        {"severity", rule.severity},
        {"source", rule.source},
        {"assumption", rule.assumption.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(rule.assumption)},
        {"line", rule.line}};
    if (rule.kind == RuleKind::kCap) r["limit"] = rule.limit;
    if (rule.kind == RuleKind::kMaxSuppliers) r["max"] = rule.max;
    if (rule.kind == RuleKind::kRequireEvidence) r["min_confidence"] = rule.min_confidence;
    if (rule.per != GroupBy::kNone) r["per"] = rule.per == GroupBy::kRegion ? "region" : "site";
    rules.push_back(std::move(r));
  }
  nlohmann::ordered_json out = {{"name", pack.name},     {"title", pack.title}, {"jurisdiction", pack.jurisdiction},
                                {"source", pack.source}, {"notes", pack.notes}, {"rules", std::move(rules)}};
  if (!pack.load_note.empty()) out["load_note"] = pack.load_note;
  if (pack.evaluation) {
    const EvaluationSection& e = *pack.evaluation;
    nlohmann::ordered_json costs = nlohmann::ordered_json::object();
    for (std::size_t f = 0; f < kFunctionCount; ++f) {
      if (e.in_scope[f]) costs[std::string(function_name(static_cast<Function>(f)))] = e.build_cost[f];
    }
    out["evaluation"] = {
        {"capacity", e.capacity},
        {"fixed_per_controller", e.fixed_per_controller},
        {"build_cost", std::move(costs)},
        {"lists", e.lists},
        {"source", e.source},
        {"assumption", e.assumption.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(e.assumption)}};
  }
  return out;
}

std::string render_policy_csv(const PolicyReport& report, const PolicyContext& context, const IngestReport* inventory) {
  const SupplierFacts facts = supplier_facts(context.registry, context.resolution, context.as_of);
  const Registry& reg = context.registry;
  CsvWriter out(CsvCells::kSpreadsheetSafe);
  out.header("pack,rule,status,severity,element,source,manufacturer,controller,designations,confidence");
  // The rows that could not be read come first, as rows of their own: a spreadsheet of the results
  // shows them before any element.
  if (inventory != nullptr) {
    for (const RowError& e : inventory->first_errors) {
      out.plain("(inventory)").plain("rejected row").plain("unreadable").plain("error").plain("");
      out.text(e.where.to_string()).plain("").plain("").text(e.message).plain("").end_row();
    }
  }
  for (const RuleResult& r : report.results) {
    const Pack& pack = report.packs[r.pack];
    const Rule& rule = pack.rules[r.rule];
    if (r.undecided > 0) {  // one row: the elements the rule cannot decide (docs/policy.md)
      out.text(pack.name).text(rule.id).plain("undecided").text(rule.severity);
      out.plain(fmt::format("{} elements", r.undecided)).plain("").plain("").plain("");
      out.plain("maker or its controller unknown: could be a designated supplier's").plain("").end_row();
    }
    for (ElementIndex e : r.elements) {
      const std::uint32_t d = context.resolution.decision_of[e];
      const Decision& decision = context.resolution.decisions[d];
      const RowOrigin& o = context.store.origin[e];
      out.text(pack.name).text(rule.id).plain(rule_status_name(r.status)).text(rule.severity);
      out.text(context.store.id_of(e)).text(fmt::format("{}:{}", context.store.source_files[o.file], o.line));
      out.text(decision.maker == kNoMaker ? "" : context.resolution.maker_id(decision.maker, reg));
      out.text(decision.controller == kNoEntity ? "" : reg.entity(decision.controller).id);
      out.text(designations_short(d, context, facts, r.lists)).fixed(decision.confidence, 2).end_row();
    }
  }
  return out.take();
}

}  // namespace kitwatch
