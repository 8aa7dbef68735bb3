// Manufacturer resolution: who made each element and who controls that maker, with the evidence.
//
// Today the evidence is the declared vendor string, matched against the registry's aliases once
// per distinct string. Model patterns and MAC prefixes join here as further evidence (issue 3).
// Thread safety: resolve() only reads its inputs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/date.h"
#include "model/element_store.h"
#include "registry/registry.h"

namespace kitwatch {

enum class Evidence : std::uint8_t {
  kNone,           // nothing identifies the maker: the element counts as unknown
  kVendorExact,    // the declared vendor is an alias of the entity
  kVendorPrefix,   // an alias is the leading words of the declared vendor
  kOperatorBrand,  // the declared vendor is an operator's brand: the real maker is unknown (white label)
};
std::string_view evidence_name(Evidence evidence);

// How one distinct declared vendor string resolved.
struct VendorResolution {
  EntityIndex manufacturer = kNoEntity;
  EntityIndex controller = kNoEntity;  // ultimate controlling parent at the as-of date
  Evidence evidence = Evidence::kNone;
  double confidence = 0;
  std::string matched_alias;
};

struct Resolution {
  Date as_of;
  std::vector<VendorResolution> by_vendor;  // indexed by the store's vendor StrId
  // Per element: the manufacturer and controller (kNoEntity when unknown).
  std::vector<EntityIndex> manufacturer, controller;
};

Resolution resolve(const ElementStore& store, const Registry& registry, Date as_of);

}  // namespace kitwatch
