// Manufacturer resolution: who made each element and who controls that maker, from all the
// evidence an inventory row carries: the declared vendor string, the model string (product-line
// patterns) and the MAC addresses (IEEE registry). Each distinct combination of evidence is
// decided once and cached, so per-element work is a table lookup.
//
// The rule that combines evidence is documented in docs/resolution.md.
// Thread safety: resolve() only reads its inputs. It runs its own threads (ResolveOptions::threads)
// and returns the same Resolution, bit for bit, for any thread count.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/date.h"
#include "model/element_store.h"
#include "registry/mac_registry.h"
#include "registry/registry.h"

namespace kitwatch {

// A maker: a registry entity (id < registry.entities().size()) or an unregistered name
// (Resolution::unregistered[id - entities]).
using MakerId = std::uint32_t;
inline constexpr MakerId kNoMaker = 0xFFFFFFFFu;

enum class EvidenceKind : std::uint8_t { kDeclaredVendor, kModelPattern, kMacPrefix };
std::string_view evidence_kind_name(EvidenceKind kind);

// Flags on a decision.
enum ResolutionFlag : std::uint8_t {
  kWhiteLabel = 1,    // the declared brand is not the maker the physical evidence shows
  kConflict = 2,      // evidence names two different registered makers
  kUnregistered = 4,  // the maker is not in the registry (kept under its declared name)
  kFuzzyName = 8,     // the declared vendor matched an alias only approximately
};

struct EvidenceItem {
  EvidenceKind kind = EvidenceKind::kDeclaredVendor;
  MakerId maker = kNoMaker;  // kNoMaker: the evidence names a brand, not a maker
  double weight = 0;
  std::string detail;     // what was seen: the alias, the pattern, the IEEE organisation
  bool supports = false;  // agrees with the decision
};

struct Decision {
  MakerId maker = kNoMaker;
  EntityIndex controller = kNoEntity;  // ultimate controlling parent at the as-of date
  double confidence = 0;
  std::uint8_t flags = 0;
  std::vector<EvidenceItem> evidence;
};

struct ResolveOptions {
  double fuzzy_threshold = 0.94;  // Jaro-Winkler similarity a fuzzy vendor match needs
  unsigned threads = 0;           // 0 = KITWATCH_THREADS when set, else one per core (base/threads.h)
};

struct Resolution {
  Date as_of;
  std::size_t entities = 0;                // registry size: maker ids at or above are unregistered
  std::vector<std::string> unregistered;   // unregistered makers' names
  std::vector<Decision> decisions;         // one per distinct evidence key
  std::vector<std::uint32_t> decision_of;  // per element
  bool mac_evidence = false;               // the IEEE registry was available

  const Decision& of(ElementIndex e) const { return decisions[decision_of[e]]; }
  MakerId manufacturer(ElementIndex e) const { return of(e).maker; }
  EntityIndex controller(ElementIndex e) const { return of(e).controller; }
  bool is_entity(MakerId m) const { return m < entities; }
  // The maker's display name, and a stable id ("huawei", or "unregistered:acme widgets").
  std::string maker_name(MakerId m, const Registry& registry) const;
  std::string maker_id(MakerId m, const Registry& registry) const;
};

Resolution resolve(const ElementStore& store, const Registry& registry, const MacRegistry& macs, Date as_of,
                   const ResolveOptions& options = {});

}  // namespace kitwatch
