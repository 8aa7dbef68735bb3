#include "resolve/resolver.h"

namespace kitwatch {

std::string_view evidence_name(Evidence evidence) {
  switch (evidence) {
    case Evidence::kNone:
      return "none";
    case Evidence::kVendorExact:
      return "declared vendor (exact alias)";
    case Evidence::kVendorPrefix:
      return "declared vendor (leading words)";
    case Evidence::kOperatorBrand:
      return "operator brand (white label, maker unknown)";
  }
  return "none";
}

Resolution resolve(const ElementStore& store, const Registry& registry, Date as_of) {
  Resolution out;
  out.as_of = as_of;
  out.by_vendor.resize(store.vendors.size());
  // Each distinct string is matched once; elements then only index the table.
  for (StrId v = 1; v < store.vendors.size(); ++v) {
    VendorResolution& r = out.by_vendor[v];
    const auto match = registry.match_name(store.vendors.view(v));
    if (!match) continue;
    r.matched_alias = match->alias;
    if (!registry.entity(match->entity).is_manufacturer()) {
      r.evidence = Evidence::kOperatorBrand;
      continue;
    }
    r.manufacturer = match->entity;
    r.controller = registry.control_chain(match->entity, as_of).back();
    r.confidence = match->confidence;
    r.evidence = match->confidence >= 1.0 ? Evidence::kVendorExact : Evidence::kVendorPrefix;
  }
  const std::size_t n = store.size();
  out.manufacturer.resize(n);
  out.controller.resize(n);
  for (ElementIndex e = 0; e < n; ++e) {
    const VendorResolution& r = out.by_vendor[store.declared_vendor[e]];
    out.manufacturer[e] = r.manufacturer;
    out.controller[e] = r.controller;
  }
  return out;
}

}  // namespace kitwatch
