#include "resolve/resolver.h"

#include <unordered_map>

#include "resolve/decide.h"

namespace kitwatch {
namespace {

struct KeyHash {
  std::size_t operator()(const EvidenceKey& k) const {
    std::uint64_t h = (static_cast<std::uint64_t>(k.vendor) << 32 | k.model) * 0x9E3779B97F4A7C15ull;
    h ^= (static_cast<std::uint64_t>(k.mac_org) << 32 | k.mac_org2) + 0x632BE59BD9B4E019ull + (h << 6) + (h >> 2);
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
};

EvidenceKey key_of(const ElementStore& store, const MacRegistry& macs, ElementIndex e) {
  EvidenceKey key{store.declared_vendor[e], store.model[e], 0, 0};
  for (Mac mac : store.macs_of(e)) {
    const StrId org = macs.lookup(mac);
    if (org == 0 || org == key.mac_org) continue;
    if (key.mac_org == 0) {
      key.mac_org = org;
    } else if (key.mac_org2 == 0) {
      key.mac_org2 = org;
    }
  }
  return key;
}

}  // namespace

std::string_view evidence_kind_name(EvidenceKind kind) {
  switch (kind) {
    case EvidenceKind::kDeclaredVendor:
      return "declared vendor";
    case EvidenceKind::kModelPattern:
      return "model pattern";
    case EvidenceKind::kMacPrefix:
      return "MAC prefix";
  }
  return "";
}

std::string Resolution::maker_name(MakerId m, const Registry& registry) const {
  if (m == kNoMaker) return "(unknown)";
  return is_entity(m) ? registry.entity(m).name : unregistered[m - entities];
}

std::string Resolution::maker_id(MakerId m, const Registry& registry) const {
  if (m == kNoMaker) return "";
  return is_entity(m) ? registry.entity(m).id : "unregistered:" + normalize_entity_name(unregistered[m - entities]);
}

Resolution resolve(const ElementStore& store, const Registry& registry, const MacRegistry& macs, Date as_of,
                   const ResolveOptions& options) {
  Resolution out;
  out.as_of = as_of;
  out.entities = registry.entities().size();
  out.mac_evidence = macs.available();
  Decider decider(store, registry, macs, as_of, options, out);
  // Each distinct evidence key is decided once; elements then index the decisions.
  std::unordered_map<EvidenceKey, std::uint32_t, KeyHash> index;
  out.decision_of.resize(store.size());
  for (ElementIndex e = 0; e < store.size(); ++e) {
    const EvidenceKey key = key_of(store, macs, e);
    auto [it, inserted] = index.emplace(key, static_cast<std::uint32_t>(out.decisions.size()));
    if (inserted) out.decisions.push_back(decider.decide(key));
    out.decision_of[e] = it->second;
  }
  return out;
}

}  // namespace kitwatch
