// Policy results and packs for people.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "policy/explain.h"
#include "policy/policy.h"

namespace kitwatch {
namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string quantity(double value, Measure m) {
  return m == Measure::kCount ? fmt::format("{:.0f} element{}", value, value == 1 ? "" : "s")
                              : fmt::format("{:.3f} {}", value, measure_name(m));
}

std::string groups_text(const Rule& rule, const RuleResult& r) {
  std::string out;
  if (rule.per == GroupBy::kNone) return out;
  std::size_t shown = 0;
  for (const GroupResult& g : r.groups) {
    if (!g.over || shown++ == 5) break;
    out += rule.kind == RuleKind::kCap ? fmt::format("      over in {}: {:.2f}%\n", g.name, 100 * g.measured)
                                       : fmt::format("      over in {}: {:.0f} controllers\n", g.name, g.measured);
  }
  return out;
}

std::string elements_text(const RuleResult& r, const PolicyContext& ctx, const SupplierFacts& facts,
                          std::size_t max_elements) {
  std::string out = "      elements:";
  for (std::size_t i = 0; i < r.elements.size() && i < max_elements; ++i) {
    out += fmt::format("{} {}", i ? "," : "", ctx.store.id_of(r.elements[i]));
  }
  if (r.elements.size() > max_elements) {
    out += fmt::format(" (and {} more; --format json or csv lists them all)", r.elements.size() - max_elements);
  }
  out += "\n";
  // One line per manufacturer; the full evidence per element is in the JSON and CSV.
  const auto groups = group_by_evidence(r, ctx.resolution, /*by_maker=*/true);
  for (std::size_t g = 0; g < groups.size() && g < 3; ++g) {
    out += fmt::format("      why {} of them: {}\n", groups[g].elements.size(),
                       explain_text(groups[g].decision, ctx, facts, r.lists));
  }
  if (groups.size() > 3) out += fmt::format("      ... {} more manufacturers\n", groups.size() - 3);
  return out;
}

std::string rule_text(const Pack& pack, const RuleResult& r, const PolicyContext& ctx, const SupplierFacts& facts,
                      std::size_t max_elements) {
  const Rule& rule = pack.rules[r.rule];
  std::string out = fmt::format("  {:<6} {:<16} {:<9} {}\n", rule.id, rule_kind_name(rule.kind),
                                upper(rule_status_name(r.status)), when_text(rule, r));
  if (!rule.title.empty()) out += fmt::format("      {}\n", rule.title);
  out += fmt::format("      {}; scope {} element{}\n", rule_figure_text(rule, r), r.scope_elements,
                     r.scope_elements == 1 ? "" : "s");
  if (r.scope_elements == 0) out += "      note: the scope is empty (are the elements tagged? see docs/policy.md)\n";
  if (r.undecided > 0) {
    out += fmt::format(
        "      undecided: {} element{} in scope with an unknown maker, or a maker whose controller the registry "
        "does not know (not counted; could be a designated supplier's)\n",
        r.undecided, r.undecided == 1 ? "" : "s");
  }
  out += groups_text(rule, r);
  out += fmt::format("      source: {}\n", rule.source);
  if (!rule.assumption.empty()) out += fmt::format("      ASSUMPTION: {}\n", rule.assumption);
  if (r.status == RuleStatus::kViolated) {
    out += fmt::format("      severity: {}\n", rule.severity);
    out += elements_text(r, ctx, facts, max_elements);
  }
  return out;
}

std::string timeline_text(const PolicyReport& report) {
  std::vector<const RuleResult*> dated;
  for (const RuleResult& r : report.results) {
    if (report.packs[r.pack].rules[r.rule].date) dated.push_back(&r);
  }
  std::stable_sort(dated.begin(), dated.end(), [&](const RuleResult* a, const RuleResult* b) {
    return *report.packs[a->pack].rules[a->rule].date < *report.packs[b->pack].rules[b->rule].date;
  });
  std::string out = fmt::format("\nTimeline as of {} (dated requirements):\n", report.as_of.to_string());
  out +=
      fmt::format("  {:<10}  {:<20} {:<6} {:<16} {:<9} {:>9}\n", "date", "pack", "rule", "kind", "status", "days left");
  for (const RuleResult* r : dated) {
    const Pack& pack = report.packs[r->pack];
    const Rule& rule = pack.rules[r->rule];
    out += fmt::format("  {:<10}  {:<20.20} {:<6} {:<16} {:<9} {:>9}{}\n", rule.date->to_string(), pack.name, rule.id,
                       rule_kind_name(rule.kind), rule_status_name(r->status), r->days_left,
                       rule.assumption.empty() ? "" : "  (assumption)");
  }
  return out;
}

}  // namespace

std::string rule_figure_text(const Rule& rule, const RuleResult& r) {
  switch (rule.kind) {
    case RuleKind::kCap:
      return fmt::format("largest share {:.2f}% by {} (limit {:.2f}%)", 100 * r.measured, measure_name(rule.measure),
                         100 * rule.limit);
    case RuleKind::kMaxSuppliers:
      return fmt::format("{:.0f} distinct designated controller(s) (limit {})", r.measured, rule.max);
    case RuleKind::kNoNew:
      return fmt::format("{} installed on or after {} (limit 0){}", quantity(r.measured, Measure::kCount),
                         rule.date ? rule.date->to_string() : "-",
                         r.undated ? fmt::format("; {} without an installed date not checked", r.undated) : "");
    case RuleKind::kRequireEvidence:
      return fmt::format("{} with an unknown maker or confidence below {:.2f} (limit 0)",
                         quantity(r.measured, Measure::kCount), rule.min_confidence);
    case RuleKind::kRemoveBy:
      return fmt::format(
          "{} remain{} (limit 0)", quantity(r.measured, rule.measure),
          r.status == RuleStatus::kPending && rule.date ? fmt::format(", {} days left", r.days_left) : "");
    default:
      return fmt::format("{} present (limit 0)", quantity(r.measured, Measure::kCount));
  }
}

std::string rule_label(const std::vector<Pack>& packs, std::size_t pack, std::size_t rule) {
  return fmt::format("{}/{}", packs[pack].name, packs[pack].rules[rule].id);
}

std::string_view rule_kind_name(RuleKind kind) {
  static constexpr std::string_view kNames[] = {"prohibit", "cap",           "remove_by",
                                                "no_new",   "max_suppliers", "require_evidence"};
  return kNames[static_cast<std::size_t>(kind)];
}

std::string_view measure_name(Measure m) {
  static constexpr std::string_view kNames[] = {"count", "traffic", "subscribers"};
  return kNames[static_cast<std::size_t>(m)];
}

std::string_view rule_status_name(RuleStatus s) {
  static constexpr std::string_view kNames[] = {"pending", "met", "violated"};
  return kNames[static_cast<std::size_t>(s)];
}

std::string render_policy_text(const PolicyReport& report, const PolicyContext& context, std::size_t max_elements) {
  const SupplierFacts facts = supplier_facts(context.registry, context.resolution, context.as_of);
  std::size_t counts[3] = {0, 0, 0};
  for (const RuleResult& r : report.results) ++counts[static_cast<std::size_t>(r.status)];
  std::string out =
      fmt::format("Policy check as of {}: {} rules; {} violated ({} fail the gate), {} met, {} pending\n",
                  report.as_of.to_string(), report.results.size(), counts[2], report.failing(), counts[1], counts[0]);
  if (report.installed_later > 0) {
    out += fmt::format("{} elements installed after {} are not part of the network at that date\n",
                       report.installed_later, report.as_of.to_string());
  }
  std::size_t last_pack = report.packs.size();
  for (const RuleResult& r : report.results) {
    const Pack& pack = report.packs[r.pack];
    if (r.pack != last_pack) {
      out += fmt::format("\n{}: {}\n", pack.name, pack.title);
      if (!pack.load_note.empty()) out += fmt::format("NOTE: {}\n", pack.load_note);
    }
    last_pack = r.pack;
    out += rule_text(pack, r, context, facts, max_elements);
  }
  return out + timeline_text(report);
}

std::string describe_pack(const Pack& pack) {
  std::string out = fmt::format("{}: {}\n", pack.name, pack.title);
  if (!pack.jurisdiction.empty()) out += fmt::format("jurisdiction: {}\n", pack.jurisdiction);
  if (!pack.source.empty()) out += fmt::format("source: {}\n", pack.source);
  for (const std::string& note : pack.notes) out += fmt::format("note: {}\n", note);
  for (const Rule& rule : pack.rules) {
    const std::string date = rule.date                          ? rule.date->to_string()
                             : rule.kind == RuleKind::kRemoveBy ? "no deadline"
                                                                : "always";
    out += fmt::format("\n  {:<6} {:<16} {:<10} {}\n", rule.id, rule_kind_name(rule.kind), date, rule.title);
    if (rule.scope) out += fmt::format("         scope:     {}\n", rule.scope->text());
    if (rule.suppliers) out += fmt::format("         suppliers: {}\n", rule.suppliers->text());
    if (rule.kind == RuleKind::kCap) {
      out += fmt::format("         limit:     {:.2f}% by {}{}\n", 100 * rule.limit, measure_name(rule.measure),
                         rule.per == GroupBy::kNone     ? ""
                         : rule.per == GroupBy::kRegion ? ", per region"
                                                        : ", per site");
    }
    if (rule.kind == RuleKind::kMaxSuppliers) out += fmt::format("         max:       {}\n", rule.max);
    if (rule.kind == RuleKind::kRequireEvidence)
      out += fmt::format("         min confidence: {:.2f}\n", rule.min_confidence);
    out += fmt::format("         source:    {}\n", rule.source);
    if (!rule.assumption.empty()) out += fmt::format("         ASSUMPTION: {}\n", rule.assumption);
  }
  return out;
}

std::string describe_packs(const std::vector<Pack>& packs) {
  std::string out = fmt::format("{:<20} {:<5} {:>5}  {}\n", "pack", "where", "rules", "title");
  for (const Pack& pack : packs) {
    out += fmt::format("{:<20} {:<5} {:>5}  {}\n", pack.name, pack.jurisdiction, pack.rules.size(), pack.title);
  }
  return out;
}

std::string render_policy(const PolicyReport& report, const PolicyContext& context, std::string_view format,
                          std::size_t max_elements) {
  if (format == "json") return policy_json(report, context).dump(2) + "\n";
  if (format == "csv") return render_policy_csv(report, context);
  return render_policy_text(report, context, max_elements);
}

}  // namespace kitwatch
