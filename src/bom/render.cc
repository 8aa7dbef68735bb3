// Text and JSON for a cascade report.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "bom/bom.h"

namespace kitwatch {
namespace {

using Json = nlohmann::ordered_json;

std::string losses_text(std::uint8_t losses) {
  std::string out;
  if (losses & kLosesParts) out += "parts";
  if (losses & kLosesUpdates) out += out.empty() ? "updates" : "+updates";
  if (losses & kLosesOther) out += out.empty() ? "other" : "+other";
  return out;
}

std::string_view loss_name(CascadeLoss loss) {
  return loss == kLosesParts ? "parts" : loss == kLosesUpdates ? "updates" : "other";
}

std::string product_name(const BomSet& bom, BomIndex p) {
  const BomProduct& product = bom.products[p];
  return product.manufacturer.empty() ? product.model : product.manufacturer + " " + product.model;
}

void text_row(std::string& out, std::string_view name, const CascadeMeasures& m) {
  out += fmt::format("  {:<24} {:>9} {:>9} {:>9} {:>9} {:>12.1f} {:>13.0f}\n", name, m.total.count, m.any.count,
                     m.parts.count, m.updates.count, m.any.traffic, m.any.subscribers);
}

// Names of the first `top` products of a list, ", ..." when there are more.
std::string product_names(const BomSet& bom, const std::vector<BomIndex>& products, std::size_t top) {
  std::string out;
  for (std::size_t i = 0; i < products.size() && i < top; ++i) out += (i ? ", " : "") + product_name(bom, products[i]);
  if (products.size() > top) out += ", ...";
  return out;
}

// What the BOMs could not tell: every output says it before any figure.
void text_link_caveats(std::string& out, const CascadeReport& r, const BomSet& bom, const ElementStore& store,
                       std::size_t top) {
  if (r.linked_elements == 0 && store.size() > 0) {
    out +=
        "WARNING: no element is an instance of any BOM product: nothing below can be affected because nothing "
        "is known, not because nothing is exposed\n";
  }
  if (r.unlinked_elements > 0) {
    std::string ids;
    std::size_t shown = 0;
    for (ElementIndex e = 0; e < r.element_product.size() && shown < top; ++e) {
      if (r.element_product[e] != kNoBom) continue;
      ids += (shown++ ? ", " : "") + std::string(store.id_of(e));
    }
    if (r.unlinked_elements > shown) ids += ", ...";
    out += fmt::format("Elements that match no BOM (their exposure is unknown, not nil): {} ({})\n",
                       r.unlinked_elements, ids);
  }
  if (!r.unresolved_makers.empty()) {
    out += fmt::format("Products whose maker the registry does not know (nothing links to them): {} ({})\n",
                       r.unresolved_makers.size(), product_names(bom, r.unresolved_makers, top));
  }
  if (!r.unmatched_products.empty()) {
    out += fmt::format("Products no element is an instance of: {} ({})\n", r.unmatched_products.size(),
                       product_names(bom, r.unmatched_products, top));
  }
  for (const std::string& note : bom.notes) out += "Note: " + note + "\n";
}

void text_topology(std::string& out, const LossReport& l) {
  out += fmt::format(
      "\nTopology with the affected elements removed: {} removed, {} cut off from the core "
      "({:.0f} subscribers); {} demands disconnected ({:.1f} volume lost)\n",
      l.removed_total.count, l.cut_off_total.count, l.cut_off_total.subscribers, l.demands_disconnected, l.volume_lost);
}

Json measures_json(const Measures& m) {
  return Json{{"count", m.count}, {"traffic", m.traffic}, {"subscribers", m.subscribers}};
}

Json cascade_measures_json(const CascadeMeasures& m) {
  return Json{{"total", measures_json(m.total)},
              {"affected", measures_json(m.any)},
              {"loses_parts", measures_json(m.parts)},
              {"loses_updates", measures_json(m.updates)},
              {"loses_other", measures_json(m.other)}};
}

Json cause_json(const BomSet& bom, const CascadeCause& cause) {
  Json path = Json::array();
  for (const BomIndex c : cause.path) {
    const BomComponent& component = bom.components[c];
    path.push_back(Json{{"ref", component.ref},
                        {"name", component.name},
                        {"version", component.version},
                        {"type", component.type_name},
                        {"at", component.where.to_string()}});
  }
  return Json{{"loss", loss_name(cause.loss)},
              {"path", std::move(path)},
              {"supplier", cause.party == kNoBom ? "" : bom.parties[cause.party].name},
              {"why", cause.why}};
}

Json links_json(const CascadeReport& r, const BomSet& bom, const ElementStore& store) {
  Json unlinked = Json::array();
  for (ElementIndex e = 0; e < r.element_product.size(); ++e) {
    if (r.element_product[e] == kNoBom) unlinked.push_back(store.id_of(e));
  }
  const auto names = [&bom](const std::vector<BomIndex>& products) {
    Json out = Json::array();
    for (const BomIndex p : products) out.push_back(product_name(bom, p));
    return out;
  };
  return Json{{"linked_elements", r.linked_elements},
              {"unlinked_elements", r.unlinked_elements},
              {"products", bom.products.size()},
              {"unlinked", std::move(unlinked)},
              {"products_unmatched", names(r.unmatched_products)},
              {"products_maker_unknown", names(r.unresolved_makers)}};
}

}  // namespace

std::string render_cascade_text(const CascadeReport& r, const BomSet& bom, const ElementStore& store,
                                const Registry& registry, std::size_t top) {
  (void)registry;
  std::string out =
      fmt::format("Cascade: {}\nAs of {}: {}\n", r.scenario.describe(), r.as_of.to_string(),
                  r.in_effect ? "in effect" : "NOT in effect (the date is outside the scenario's window)");
  out += fmt::format("BOM links: {} elements linked to {} products, {} elements match no BOM\n", r.linked_elements,
                     bom.products.size(), r.unlinked_elements);
  text_link_caveats(out, r, bom, store, top);
  for (const auto& a : r.assumptions) out += a + "\n";
  if (!r.cut_parties.empty()) {
    out += "Suppliers that stop (those the BOMs name):\n";
    for (const auto& why : r.cut_why) out += "  " + why + "\n";
  }
  if (!r.unresolved_suppliers.empty()) {
    std::string names;
    for (std::size_t i = 0; i < r.unresolved_suppliers.size() && i < top; ++i) {
      names += (i ? ", " : "") + r.unresolved_suppliers[i];
    }
    if (r.unresolved_suppliers.size() > top) names += ", ...";
    out += fmt::format("Suppliers not in the registry (kept by name, with the BOM's country): {} ({})\n",
                       r.unresolved_suppliers.size(), names);
  }
  out += fmt::format("\n  {:<24} {:>9} {:>9} {:>9} {:>9} {:>12} {:>13}\n", "function", "elements", "affected", "parts",
                     "updates", "traffic", "subscribers");
  for (std::size_t f = 0; f < kFunctionCount; ++f) {
    if (r.by_function[f].total.count > 0) text_row(out, kFunctionNames[f], r.by_function[f]);
  }
  text_row(out, "total", r.total);
  if (!r.by_region.empty()) {
    out += "\n  by region (affected only)\n";
    for (std::size_t i = 0; i < r.by_region.size() && i < top; ++i) {
      text_row(out, r.by_region[i].name.empty() ? "(none)" : r.by_region[i].name, r.by_region[i].measures);
    }
  }
  if (!r.designated.empty()) {
    out += fmt::format("\nAffected elements already designated: {}\n", r.affected_designated.count);
  }
  if (!r.products.empty()) out += "\nAffected products and why:\n";
  for (std::size_t i = 0; i < r.products.size() && i < top; ++i) {
    const CascadeProduct& p = r.products[i];
    out += fmt::format("  {} ({} elements): loses {}\n", product_name(bom, p.product), p.elements.count,
                       losses_text(p.losses));
    for (const CascadeCause& c : p.causes) {
      out += fmt::format("    {}: {} <- {}\n", loss_name(c.loss), describe_path(bom, c), c.why);
    }
  }
  if (r.topology) text_topology(out, *r.topology);
  return out;
}

std::string render_cascade_json(const CascadeReport& r, const BomSet& bom, const ElementStore& store,
                                const Registry& registry) {
  (void)registry;
  Json j{
      {"kind", "kitwatch-cascade/1"},
      {"scenario", Json{{"kind", r.scenario.kind == CascadeScenario::Kind::kDesignate ? "designate" : "stop-supplier"},
                        {"description", r.scenario.describe()},
                        {"suppliers", r.scenario.suppliers},
                        {"target", r.scenario.target},
                        {"target_name", r.target_name},
                        {"list", r.scenario.list},
                        {"from", r.scenario.from.to_string()},
                        {"until", r.scenario.until ? Json(r.scenario.until->to_string()) : Json(nullptr)}}},
      {"as_of", r.as_of.to_string()},
      {"in_effect", r.in_effect},
      {"assumptions", r.assumptions},
      {"links", links_json(r, bom, store)},
      {"bom_notes", bom.notes},
      {"unresolved_suppliers", r.unresolved_suppliers}};
  Json cut = Json::array();
  for (std::size_t i = 0; i < r.cut_parties.size(); ++i) {
    cut.push_back(Json{{"supplier", bom.parties[r.cut_parties[i]].name}, {"why", r.cut_why[i]}});
  }
  j["suppliers_cut"] = std::move(cut);
  j["total"] = cascade_measures_json(r.total);
  Json by_function = Json::object();
  for (std::size_t f = 0; f < kFunctionCount; ++f)
    by_function[std::string(kFunctionNames[f])] = cascade_measures_json(r.by_function[f]);
  j["by_function"] = std::move(by_function);
  Json regions = Json::array();
  for (const auto& region : r.by_region) {
    Json m = cascade_measures_json(region.measures);
    m["region"] = region.name;
    regions.push_back(std::move(m));
  }
  j["by_region"] = std::move(regions);
  j["affected_designated"] = measures_json(r.affected_designated);
  Json products = Json::array();
  for (const CascadeProduct& p : r.products) {
    Json causes = Json::array();
    for (const CascadeCause& c : p.causes) causes.push_back(cause_json(bom, c));
    products.push_back(Json{{"product", product_name(bom, p.product)},
                            {"at", bom.products[p.product].where.to_string()},
                            {"elements", measures_json(p.elements)},
                            {"causes", std::move(causes)}});
  }
  j["products"] = std::move(products);
  Json elements = Json::array();
  for (ElementIndex e = 0; e < r.element_losses.size(); ++e) {
    if (!r.element_losses[e]) continue;
    Json row{{"id", store.id_of(e)},
             {"function", function_name(store.function[e])},
             {"region", store.regions.view(store.region[e])},
             {"loses", losses_text(r.element_losses[e])},
             {"product", product_name(bom, r.element_product[e])},
             {"traffic", store.traffic[e]},
             {"subscribers", store.subscribers[e]}};
    if (!r.designated.empty()) row["designated"] = r.designated[e] != 0;
    elements.push_back(std::move(row));
  }
  j["elements"] = std::move(elements);
  if (r.topology) {
    const LossReport& l = *r.topology;
    j["topology"] = Json{{"removed", measures_json(l.removed_total)},
                         {"cut_off", measures_json(l.cut_off_total)},
                         {"cut_off_before", measures_json(l.cut_off_before_total)},
                         {"demands_disconnected", l.demands_disconnected},
                         {"volume_lost", l.volume_lost}};
  }
  return j.dump(2) + "\n";
}

}  // namespace kitwatch
