#include "resolve/resolver.h"

#include <algorithm>
#include <unordered_map>

#include "base/threads.h"
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

// The distinct keys of elements [begin, end), in the order of their first element there.
struct DistinctKeys {
  std::vector<EvidenceKey> keys;
};

// Fills local[e] for e in [begin, end) with the position of e's key in the returned keys. Writes
// only that slice of local, so parts can run at once.
DistinctKeys find_distinct_keys(const ElementStore& store, const MacRegistry& macs, ElementIndex begin,
                                ElementIndex end, std::vector<std::uint32_t>& local) {
  DistinctKeys found;
  std::unordered_map<EvidenceKey, std::uint32_t, KeyHash> index;
  // Runs of one key (CPE of one model under one access node) skip the hash look-up, and so do
  // most other rows: a national inventory has a few thousand distinct keys, which a small
  // direct-mapped cache in front of the map holds.
  constexpr std::uint32_t kNone = ~std::uint32_t{0};
  struct Cached {
    EvidenceKey key;
    std::uint32_t id;
  };
  constexpr std::size_t kCacheSize = 4096;
  std::vector<Cached> cache(kCacheSize, Cached{EvidenceKey{}, kNone});
  EvidenceKey last{};
  std::uint32_t last_id = 0;
  for (ElementIndex e = begin; e < end; ++e) {
    const EvidenceKey key = key_of(store, macs, e);
    if (e == begin || !(key == last)) {
      Cached& cached = cache[KeyHash{}(key) % kCacheSize];
      if (cached.id != kNone && cached.key == key) {
        last_id = cached.id;
      } else {
        auto [it, inserted] = index.emplace(key, static_cast<std::uint32_t>(found.keys.size()));
        if (inserted) found.keys.push_back(key);
        last_id = it->second;
        cached = Cached{key, last_id};
      }
      last = key;
    }
    local[e] = last_id;
  }
  return found;
}

// Calls fn(part, begin, end) for `parts` contiguous slices of [0, size), each on its own thread
// (parts is at most worker_threads()).
template <typename Fn>
void for_each_part(std::size_t size, std::size_t parts, Fn fn) {
  const auto bound = [&](std::size_t part) { return static_cast<ElementIndex>(size * part / parts); };
  parallel_for(parts, static_cast<unsigned>(parts),
               [&](std::size_t part, unsigned) { fn(part, bound(part), bound(part + 1)); });
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
  out.decision_of.resize(store.size());
  const std::size_t parts =
      std::clamp<std::size_t>(worker_threads(options.threads), 1, std::max<std::size_t>(1, store.size()));
  std::vector<DistinctKeys> found(parts);
  for_each_part(store.size(), parts, [&](std::size_t part, ElementIndex begin, ElementIndex end) {
    found[part] = find_distinct_keys(store, macs, begin, end, out.decision_of);
  });
  // Each distinct evidence key is decided once, on this thread, in the order of its first element:
  // the decider numbers unregistered makers as it meets them, so this order is what makes the
  // result independent of the number of parts.
  Decider decider(store, registry, macs, as_of, options, out);
  std::unordered_map<EvidenceKey, std::uint32_t, KeyHash> index;
  std::vector<std::vector<std::uint32_t>> decision_of_local(parts);
  for (std::size_t part = 0; part < parts; ++part) {
    for (const EvidenceKey& key : found[part].keys) {
      auto [it, inserted] = index.emplace(key, static_cast<std::uint32_t>(out.decisions.size()));
      if (inserted) out.decisions.push_back(decider.decide(key));
      decision_of_local[part].push_back(it->second);
    }
  }
  for_each_part(store.size(), parts, [&](std::size_t part, ElementIndex begin, ElementIndex end) {
    const std::vector<std::uint32_t>& global = decision_of_local[part];
    for (ElementIndex e = begin; e < end; ++e) out.decision_of[e] = global[out.decision_of[e]];
  });
  return out;
}

}  // namespace kitwatch
