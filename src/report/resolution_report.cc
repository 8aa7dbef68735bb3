// Who made each element, and why: the resolution as a table of evidence keys, as one JSON record
// per element, and one element's explanation (kitwatch resolve).
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "report/report.h"

namespace kitwatch {
namespace {

std::string flag_names(std::uint8_t flags) {
  std::string out;
  for (auto [bit, name] : {std::pair{kWhiteLabel, "white_label"},
                           {kConflict, "conflict"},
                           {kUnregistered, "unregistered"},
                           {kFuzzyName, "fuzzy_name"}}) {
    if (flags & bit) out += fmt::format("{}{}", out.empty() ? "" : ",", name);
  }
  return out;
}

nlohmann::ordered_json element_json(const Inputs& in, ElementIndex e,
                                    const std::vector<std::vector<DesignationRef>>& active) {
  const Decision& d = in.resolution.of(e);
  const Registry& reg = *in.registry;
  nlohmann::ordered_json designations = nlohmann::ordered_json::array();
  if (in.resolution.is_entity(d.maker)) {
    for (const DesignationRef& ref : active[d.maker]) {
      const Designation& fact = reg.lists()[ref.list].entries[ref.entry];
      designations.push_back({{"list", reg.lists()[ref.list].id},
                              {"entity", reg.entity(fact.entity).id},
                              {"added", fact.added.to_string()},
                              {"source", fact.source}});
    }
  }
  nlohmann::ordered_json evidence = nlohmann::ordered_json::array();
  for (const EvidenceItem& item : d.evidence) {
    evidence.push_back({{"kind", std::string(evidence_kind_name(item.kind))},
                        {"maker", in.resolution.maker_id(item.maker, reg)},
                        {"weight", item.weight},
                        {"supports", item.supports},
                        {"detail", item.detail}});
  }
  nlohmann::ordered_json flags = nlohmann::ordered_json::array();
  for (auto [bit, name] : {std::pair{kWhiteLabel, "white_label"},
                           {kConflict, "conflict"},
                           {kUnregistered, "unregistered"},
                           {kFuzzyName, "fuzzy_name"}}) {
    if (d.flags & bit) flags.push_back(name);
  }
  const RowOrigin& o = in.store.origin[e];
  return {{"id", std::string(in.store.id_of(e))},
          {"source", fmt::format("{}:{}", in.store.source_files[o.file], o.line)},
          {"manufacturer", in.resolution.maker_id(d.maker, reg)},
          {"manufacturer_name", d.maker == kNoMaker ? "" : in.resolution.maker_name(d.maker, reg)},
          {"controller", d.controller == kNoEntity ? "" : reg.entity(d.controller).id},
          {"designated", !designations.empty()},
          {"designations", designations},
          {"confidence", d.confidence},
          {"flags", flags},
          {"evidence", evidence}};
}

}  // namespace

// One row per distinct evidence key, largest first.
std::string render_resolution_text(const Inputs& in, std::size_t top) {
  std::vector<std::uint64_t> count(in.resolution.decisions.size(), 0);
  std::vector<ElementIndex> example(in.resolution.decisions.size(), kNoElement);
  for (ElementIndex e = 0; e < in.store.size(); ++e) {
    const std::uint32_t d = in.resolution.decision_of[e];
    if (count[d]++ == 0) example[d] = e;
  }
  std::vector<std::uint32_t> order(count.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return count[a] > count[b]; });
  std::string out =
      fmt::format("{} elements, {} distinct evidence keys (declared vendor, model, MAC organisations)\n\n",
                  in.store.size(), order.size());
  out += fmt::format("{:>9}  {:<28} {:<22} {:<30} {:>5}  {}\n", "elements", "declared vendor", "model", "maker", "conf",
                     "flags");
  for (std::size_t i = 0; i < order.size() && i < top; ++i) {
    const Decision& d = in.resolution.decisions[order[i]];
    const ElementIndex e = example[order[i]];
    out += fmt::format("{:>9}  {:<28.28} {:<22.22} {:<30.30} {:>5.2f}  {}\n", count[order[i]],
                       in.store.vendors.view(in.store.declared_vendor[e]), in.store.models.view(in.store.model[e]),
                       in.resolution.maker_name(d.maker, *in.registry), d.confidence, flag_names(d.flags));
    for (const EvidenceItem& item : d.evidence) {
      out += fmt::format("{:>11} {} {}\n", item.supports ? "+" : "-", evidence_kind_name(item.kind), item.detail);
    }
  }
  if (order.size() > top)
    out += fmt::format("... {} more keys (--top N to see them, --format json for every element)\n", order.size() - top);
  return out;
}

std::string render_explanation(const Inputs& in, ElementIndex e,
                               const std::vector<std::vector<DesignationRef>>& active) {
  const Decision& d = in.resolution.of(e);
  const Registry& reg = *in.registry;
  const RowOrigin& o = in.store.origin[e];
  std::string macs;
  for (Mac m : in.store.macs_of(e)) macs += fmt::format("{}{}", macs.empty() ? "" : " ", format_mac(m));
  std::string out = fmt::format("{} (from {}:{})\n", in.store.id_of(e), in.store.source_files[o.file], o.line);
  out +=
      fmt::format("  declared vendor '{}', model '{}', MACs {}\n", in.store.vendors.view(in.store.declared_vendor[e]),
                  in.store.models.view(in.store.model[e]), macs.empty() ? "none" : macs);
  out += fmt::format("  maker: {} (confidence {:.2f}{}{})\n", in.resolution.maker_name(d.maker, reg), d.confidence,
                     d.flags ? "; " : "", flag_names(d.flags));
  for (const EvidenceItem& item : d.evidence) {
    out += fmt::format("    {} {} (weight {:.2f}): {}\n", item.supports ? "supports" : "against ",
                       evidence_kind_name(item.kind), item.weight, item.detail);
  }
  if (!in.resolution.is_entity(d.maker)) return out + "  not designated: the maker is not a registry entity\n";
  std::string chain;
  for (EntityIndex c : reg.control_chain(d.maker, in.as_of))
    chain += fmt::format("{}{}", chain.empty() ? "" : " → ", reg.entity(c).name);
  out += fmt::format("  control chain on {}: {}\n", in.as_of.to_string(), chain);
  if (active[d.maker].empty()) return out + "  designated on no counted list at that date\n";
  for (const DesignationRef& ref : active[d.maker]) {
    const Designation& fact = reg.lists()[ref.list].entries[ref.entry];
    out += fmt::format("  designated: {} lists {} since {} ({}){}\n", reg.lists()[ref.list].id,
                       reg.entity(fact.entity).name, fact.added.to_string(), fact.source,
                       fact.verified ? "" : " [unverified]");
  }
  return out;
}

std::string render_resolution_json(const Inputs& in, const std::vector<std::vector<DesignationRef>>& active) {
  std::string out = "[\n";
  for (ElementIndex e = 0; e < in.store.size(); ++e) {
    out += element_json(in, e, active).dump();
    out += e + 1 < in.store.size() ? ",\n" : "\n";
  }
  out += "]\n";
  return out;
}

}  // namespace kitwatch
