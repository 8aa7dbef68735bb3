#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>

#include "report/report.h"

namespace kitwatch {
namespace {

using nlohmann::ordered_json;

ordered_json row_error_json(const RowError& e) {
  return ordered_json{{"file", e.where.file},   {"line", e.where.line}, {"column", e.where.column},
                      {"field", e.where.field}, {"reason", e.reason},   {"message", e.message}};
}

ordered_json ingest_json(const IngestReport& in) {
  ordered_json errors = ordered_json::array(), dangling = ordered_json::array(), implausible = ordered_json::array();
  for (const RowError& e : in.first_errors) errors.push_back(row_error_json(e));
  for (const RowError& e : in.first_dangling) dangling.push_back(row_error_json(e));
  for (const RowError& e : in.first_implausible_installed) implausible.push_back(row_error_json(e));
  ordered_json reasons = ordered_json::object();
  for (const auto& [reason, count] : in.rejected_by_reason) reasons[reason] = count;
  return ordered_json{{"files", in.files},
                      {"bytes", in.bytes},
                      {"rows_read", in.rows_read},
                      {"accepted", in.accepted},
                      {"rejected", in.rejected},
                      {"rejected_by_reason", reasons},
                      {"first_errors", errors},
                      {"ignored_columns", in.ignored_columns},
                      {"dangling_uplinks", in.dangling_uplinks},
                      {"first_dangling_uplinks", dangling},
                      {"implausible_installed", in.implausible_installed},
                      {"first_implausible_installed", implausible}};
}

ordered_json designation_json(const Registry& registry, const DesignationRef& ref) {
  const DesignationList& list = registry.lists()[ref.list];
  const Designation& d = list.entries[ref.entry];
  ordered_json out{{"list", list.id},
                   {"authority", list.authority},
                   {"entity", registry.entity(d.entity).id},
                   {"added", d.added.to_string()},
                   {"removed", d.removed ? ordered_json(d.removed->to_string()) : ordered_json(nullptr)},
                   {"source", d.source},
                   {"verified", d.verified}};
  return out;
}

ordered_json assess_json(const AssessContext& context) {
  const AssessReport& r = context.report;
  const Registry& registry = context.registry;
  ordered_json functions = ordered_json::array();
  for (std::size_t f = 0; f < kFunctionCount; ++f) {
    ordered_json row{{"function", std::string(kFunctionNames[f])}};
    row.update(scope_json(r.by_function[f]));
    functions.push_back(std::move(row));
  }
  ordered_json makers = ordered_json::array();
  const Resolution& res = context.resolution;
  for (const ManufacturerSummary& m : r.manufacturers) {
    const bool registered = res.is_entity(m.maker);
    makers.push_back({{"entity", res.maker_id(m.maker, registry)},
                      {"name", res.maker_name(m.maker, registry)},
                      {"country", registered ? registry.entity(m.maker).country : ""},
                      {"controller", registered ? registry.entity(m.controller).id : res.maker_id(m.maker, registry)},
                      {"registered", registered},
                      {"designated", m.designated},
                      {"measures", measures_json(m.measures)},
                      {"share", measures_json(m.share)}});
  }
  ordered_json designated = ordered_json::array();
  for (const DesignatedController& d : r.designated) {
    ordered_json facts = ordered_json::array();
    for (const DesignationRef& ref : d.designations) facts.push_back(designation_json(registry, ref));
    const Entity& e = registry.entity(d.entity);
    designated.push_back({{"entity", e.id},
                          {"name", e.name},
                          {"country", e.country},
                          {"measures", measures_json(d.measures)},
                          {"share", measures_json(d.share)},
                          {"designations", facts}});
  }
  ordered_json unresolved = ordered_json::array();
  for (const UnresolvedVendor& u : r.unresolved) {
    unresolved.push_back(
        {{"declared_vendor", u.declared}, {"evidence", u.why}, {"measures", measures_json(u.measures)}});
  }
  ordered_json lists = ordered_json::array();
  for (const std::string& id : r.lists) {
    const DesignationList& list = registry.lists()[*registry.find_list(id)];
    lists.push_back({{"id", list.id}, {"authority", list.authority}, {"title", list.title}});
  }
  ordered_json out{
      {"schema_version", kAssessSchemaVersion},
      {"as_of", r.as_of.to_string()},
      {"registry", {{"version", registry.version()}, {"date", registry.date()}, {"sources", registry.origins()}}},
      {"lists", lists},
      {"ingest", ingest_json(context.ingest)},
      {"total", scope_json(r.total)},
      {"by_function", functions},
      {"designated_controllers", designated},
      {"manufacturers", makers},
      {"unresolved_vendors", unresolved},
      {"resolution",
       {{"distinct_evidence_keys", r.resolution.distinct_keys},
        {"mac_evidence", r.resolution.mac_evidence},
        {"white_label", measures_json(r.resolution.white_label)},
        {"conflict", measures_json(r.resolution.conflict)},
        {"unregistered", measures_json(r.resolution.unregistered)},
        {"fuzzy_name", measures_json(r.resolution.fuzzy)}}},
  };
  if (context.history && !context.history->empty()) {
    ordered_json history = ordered_json::array();
    for (const ShareHistoryPoint& p : *context.history) {
      history.push_back({{"label", p.label},
                         {"taken", p.taken},
                         {"designated_share", measures_json(p.designated_share)},
                         {"unknown_share", measures_json(p.unknown_share)}});
    }
    out["history"] = std::move(history);
  }
  if (context.links) out["links"] = ingest_json(*context.links);
  if (context.topology) out["topology"] = topology_json(*context.topology, context.json_elements);
  if (context.policy && context.policy_context) {
    out["policy"] = policy_json(*context.policy, *context.policy_context, context.json_elements);
  }
  return out;
}

}  // namespace

ordered_json measures_json(const Measures& m) {
  return ordered_json{{"count", m.count}, {"traffic", m.traffic}, {"subscribers", m.subscribers}};
}

ordered_json scope_json(const ScopeSummary& s) {
  return ordered_json{{"total", measures_json(s.total)},
                      {"designated", measures_json(s.designated)},
                      {"designated_share", measures_json(s.designated_share)},
                      {"unknown", measures_json(s.unknown)},
                      {"unknown_share", measures_json(s.unknown_share)},
                      {"control_unknown", measures_json(s.control_unknown)},
                      {"control_unknown_share", measures_json(s.control_unknown_share)}};
}

std::string render_json(const AssessContext& context) {
  return assess_json(context).dump(2) + "\n";
}

void write_json(const AssessContext& context, std::ostream& out) {
  out << std::setw(2) << assess_json(context) << '\n';  // the width is dump's indent
}

}  // namespace kitwatch
