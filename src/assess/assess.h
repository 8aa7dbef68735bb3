// The assessment: how much of the network, per function, depends on designated suppliers as of a
// date, by element count, traffic and subscribers; what share is unknown; who the makers are.
// Definitions are docs/definitions.md's ("Share"): unresolved elements stay in the denominator and are
// reported as their own unknown share.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "base/date.h"
#include "base/status.h"
#include "model/element_store.h"
#include "registry/registry.h"
#include "resolve/resolver.h"

namespace kitwatch {

struct Measures {
  double count = 0, traffic = 0, subscribers = 0;
  void add(double t, double s) {
    count += 1;
    traffic += t;
    subscribers += s;
  }
  void add(const Measures& m) {
    count += m.count;
    traffic += m.traffic;
    subscribers += m.subscribers;
  }
};

// part / whole per measure, 0 when the whole is 0.
Measures share_of(const Measures& part, const Measures& whole);

// One scope's sums and its shares (docs/definitions.md "Share", "Unknown share"), computed once
// here so that every renderer shows the same figures.
// control_unknown: elements resolved to a maker the registry does not know (unregistered), so who
// controls it, and so whether it is designated, cannot be decided (docs/definitions.md "Control
// unknown share"): neither designated nor clean.
struct ScopeSummary {
  Measures total, designated, unknown, control_unknown;
  Measures designated_share, unknown_share, control_unknown_share;  // of total, per measure (0 when total is 0)
  // Adds another scope's sums (not its shares) to this one's.
  void add_sums(const ScopeSummary& other) {
    total.add(other.total);
    designated.add(other.designated);
    unknown.add(other.unknown);
    control_unknown.add(other.control_unknown);
  }
};

// A registry fact that makes an entity designated: lists()[list].entries[entry].
struct DesignationRef {
  std::size_t list = 0, entry = 0;
};

struct ManufacturerSummary {
  MakerId maker = kNoMaker;
  EntityIndex controller = kNoEntity;  // kNoEntity for unregistered makers
  Measures measures;
  bool designated = false;
  Measures share;  // of the whole network
};

struct DesignatedController {
  EntityIndex entity = kNoEntity;
  Measures measures;
  std::vector<DesignationRef> designations;  // the active facts, on the chain from maker to controller
  Measures share;                            // of the whole network
};

struct UnresolvedVendor {
  std::string declared;  // the string as written ("" = no vendor given)
  std::string why;       // what the evidence said, e.g. an operator brand
  Measures measures;
};

// How resolution went: findings to review.
struct ResolutionSummary {
  std::size_t distinct_keys = 0;
  bool mac_evidence = false;
  Measures white_label, conflict, unregistered, fuzzy;
};

// Who holds the market in a scope, by controller (an unregistered maker is its own controller;
// unknown elements hold no share). docs/definitions.md "HHI": sum over controllers of (share in percent)^2,
// 0..10,000, with shares of the scope's whole total (unknown elements stay in the denominator, so
// a scope that is mostly unknown has a low HHI: the unknown share beside it says why).
struct Concentration {
  Measures hhi;         // per measure
  Measures top1, top5;  // share held by the largest one and five controllers, per measure
  std::size_t controllers = 0;
};

// The network's controllers: a registry entity, or an unregistered maker.
struct ControllerSummary {
  MakerId controller = kNoMaker;  // an EntityIndex when resolution.is_entity(controller)
  Measures measures;
  bool designated = false;
  Measures share;  // of the whole network
};

struct RegionSummary {
  std::string name;  // "" = no region given
  ScopeSummary scope;
};

struct AssessOptions {
  Date as_of;
  std::vector<std::string> lists;  // designation lists that count; empty = every list in the registry
  std::size_t top = 10;            // how many manufacturers and unresolved strings to list
};

struct AssessReport {
  Date as_of;
  std::vector<std::string> lists;
  std::array<ScopeSummary, kFunctionCount> by_function;
  ScopeSummary total;
  std::vector<ManufacturerSummary> manufacturers;  // by element count, largest first (all of them)
  std::vector<DesignatedController> designated;    // by element count, largest first
  std::vector<UnresolvedVendor> unresolved;        // the `top` largest
  std::vector<ControllerSummary> controllers;      // every controller, by element count, largest first
  Concentration concentration;                     // whole network
  std::array<Concentration, kFunctionCount> concentration_by_function;
  std::vector<RegionSummary> by_region;  // every region (incl. "" when some have none), by element count
  ResolutionSummary resolution;
};

// For each registry entity, the designation entries active at as_of on its control chain, for the
// named lists (empty = every list). An empty vector means not designated.
Result<std::vector<std::vector<DesignationRef>>> active_designations(const Registry& registry,
                                                                     const std::vector<std::string>& lists, Date as_of);

// Per element, 1 when it is designated at as_of under the named lists (empty = every list): its
// manufacturer or a controlling parent has an active entry on one of them. Unresolved elements are
// 0. The analyses beyond shares (topology, cascade, capacity) start from this.
Result<std::vector<std::uint8_t>> designated_elements(const ElementStore& store, const Registry& registry,
                                                      const Resolution& resolution,
                                                      const std::vector<std::string>& lists, Date as_of);

// The concentration of a scope from its controllers' measures and the scope's total.
Concentration concentration_of(std::vector<Measures> controllers, const Measures& total);

// An HHI in words, for people: "moderately concentrated (HHI 1,935 of 10,000; the bands of the US
// Horizontal Merger Guidelines, 2010, section 5.3: below 1,500 unconcentrated, 1,500 to 2,500
// moderately, above 2,500 highly concentrated)". The bands are a reading aid borrowed from merger
// review, not a rule about suppliers.
std::string hhi_words(double hhi);

// Runs the assessment. Fails on an unknown list name, or with an internal error if a conservation
// check fails (the functions' and regions' sums must equal the total; manufacturers, and
// controllers, plus unknown must equal the total).
Result<AssessReport> assess(const ElementStore& store, const Registry& registry, const Resolution& resolution,
                            const AssessOptions& options);

}  // namespace kitwatch
