// Component bills of materials and the supply-chain cascade (docs/definitions.md "Supply-chain cascade").
//
// A BomSet holds products (what an inventory element is an instance of: a maker and a model) and
// the component graph under each product: nested components and `dependencies` edges, which may
// share components (a DAG; cycles are refused when read). Suppliers are kept by name as written
// and resolved through the registry when the set is linked to an inventory.
//
// A cascade scenario ("supplier S stops selling to controller V from D", or "V is designated on
// list L from D") marks the components whose supplier or manufacturer is cut off, propagates that
// up the graph to products (each component is visited once: memoised), then to the inventory
// elements linked to those products, and measures what is affected by function and region. Every
// affected element can be explained: the component path from its product and the supplier fact.
// The rules (matching, dates, what each scenario cuts) are in docs/bom.md.
//
// Thread safety: every function here only reads its inputs, except the readers, which append to
// the BomSet they are given.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "assess/assess.h"
#include "base/date.h"
#include "base/read_file.h"
#include "base/status.h"
#include "model/element_store.h"
#include "registry/registry.h"
#include "resolve/resolver.h"
#include "topology/topology.h"

namespace kitwatch {

// Component types kitwatch distinguishes; every other CycloneDX type is kOther. kService is a
// CycloneDX service (its provider is its supplier).
enum class ComponentType : std::uint8_t { kDevice, kHardware, kFirmware, kOther, kService };
std::string_view component_type_name(ComponentType type);

using BomIndex = std::uint32_t;
inline constexpr BomIndex kNoBom = 0xFFFFFFFFu;

// A party named in a BOM (supplier, manufacturer or legacy author), as written.
struct BomParty {
  std::string name;     // as written
  std::string country;  // as written in the BOM (CSV `country`, CycloneDX address.country), may be ""
};

struct BomComponent {
  std::string ref;  // bom-ref (CycloneDX) or "product/component" (CSV); unique within its file
  std::string name, version;
  ComponentType type = ComponentType::kOther;
  std::string type_name;           // as written ("device", "library", ...)
  BomIndex supplier = kNoBom;      // into BomSet::parties: supplier.name (or legacy author)
  BomIndex manufacturer = kNoBom;  // into BomSet::parties: manufacturer.name (1.6)
  std::vector<BomIndex> children;  // nested components and dependsOn targets, unique
  SourceLocation where;            // where the component was declared
};

struct BomProduct {
  std::string manufacturer;             // as written
  std::string model;                    // as chosen by the documented rule (docs/bom.md)
  std::vector<std::string> model_keys;  // normalised model strings an element may match
  BomIndex root = kNoBom;               // the product's own component; its children are its parts
  SourceLocation where;
};

struct BomSet {
  std::vector<BomComponent> components;
  std::vector<BomProduct> products;
  std::vector<BomParty> parties;  // distinct (name, country) pairs
  std::vector<std::string> files;
  // What the readers noticed but did not refuse ("file:line:column: text"): a self-dependency
  // ignored, a product that names no maker, a BOM that describes no product. Every output shows them.
  std::vector<std::string> notes;

  // The party with this name and country, added when new.
  BomIndex add_party(std::string_view name, std::string_view country);
  // Forgets parties from index n on (a reader undoing a failed file).
  void truncate_parties(std::size_t n);

 private:
  std::unordered_map<std::string, BomIndex> party_index_;  // name + '\x1f' + country → party
};

// Limits a reader enforces on hostile input.
inline constexpr std::size_t kMaxBomNesting = 32;  // nested `components` levels

// CycloneDX 1.4 / 1.5 / 1.6 JSON: the product is metadata.component; without one, every top-level
// component of type device is a product. Services are read as components of type kService.
// Appends to bom. Errors (bad JSON, wrong types, a component type the version does not define, an
// empty or duplicate bom-ref, unknown ref in dependencies, a dependency cycle, nesting deeper than
// kMaxBomNesting) are input errors with file:line:column.
Status read_cyclonedx(std::string_view bytes, const std::string& name, BomSet& bom);
// CSV with a header: product, component, supplier, country; optional manufacturer, model, type,
// version. One row per (product, component); a component named in several rows with the same
// supplier is one shared component.
Status read_bom_csv(std::string_view bytes, const std::string& name, BomSet& bom);
// Reads a file: CycloneDX when it starts with '{' (after whitespace), else CSV. Only a regular file
// of at most max_file_bytes is read (base/read_file.h).
Status read_bom_file(const std::string& path, BomSet& bom, std::uint64_t max_file_bytes = kDefaultMaxFileBytes);

// The model string normalised for matching: ASCII case folded, every character that is not a
// letter or digit dropped ("NE40E-X8 " and "ne40e x8" are equal). Non-ASCII bytes are kept.
std::string normalize_model(std::string_view model);

// A BOM party resolved through the registry.
struct ResolvedParty {
  EntityIndex entity = kNoEntity;  // kNoEntity: unresolved, kept by name
  std::string country;             // the registry's country of the entity's controller, else the BOM's
  bool country_from_registry = false;
};

// BOMs joined to one inventory's resolution.
struct BomLinks {
  std::vector<ResolvedParty> parties;      // per BomSet::parties
  std::vector<EntityIndex> product_maker;  // per product: the registry entity named as manufacturer
  std::vector<BomIndex> element_product;   // per element: the product it is an instance of, or kNoBom
  std::uint64_t linked_elements = 0, unlinked_elements = 0;
  std::vector<BomIndex> unmatched_products;  // products no element matched
  std::vector<BomIndex> unresolved_parties;  // parties the registry does not know
  std::vector<BomIndex> unresolved_makers;   // products whose manufacturer the registry does not know
};

// Resolves parties and product makers (Registry::match_name), then links each element whose
// resolved manufacturer is a product's maker and whose normalised model is one of its keys.
BomLinks link_boms(const BomSet& bom, const ElementStore& store, const Registry& registry, const Resolution& resolution,
                   Date as_of);

struct CascadeScenario {
  enum class Kind : std::uint8_t {
    kStopSupplier,  // suppliers stop selling to the controller `target`
    kDesignate,     // `target` is designated on `list`
  };
  Kind kind = Kind::kStopSupplier;
  // kStopSupplier: who stops selling, each a registry entity id (the entity and what it
  // controls), an ISO country code in capitals (every supplier of that country), or a supplier
  // name as written in the BOMs (matched after normalize_entity_name).
  std::vector<std::string> suppliers;
  std::string target;  // registry entity id of the controller V
  std::string list;    // kDesignate: the designation list id
  Date from;
  std::optional<Date> until;  // in effect on [from, until], both inclusive; open-ended when empty
  bool in_effect(Date d) const { return from <= d && (!until || d <= *until); }
  std::string describe() const;
};

// A scenario from its parts as people give them (kitwatch cascade's options, whose names the
// errors use): either suppliers that stop selling to `to`, or `designate` put on `list`; dates
// as YYYY-MM-DD, until optional. Contradictory or missing parts are a usage error.
struct CascadeScenarioText {
  std::vector<std::string> suppliers;
  std::string to, designate, list, from, until;
};
Result<CascadeScenario> parse_cascade_scenario(const CascadeScenarioText& text);

// What an affected element loses.
enum CascadeLoss : std::uint8_t {
  kLosesParts = 1,    // a device or hardware component
  kLosesUpdates = 2,  // a firmware component
  kLosesOther = 4,    // a component of another type (software, library, ...)
};

// Why a product is affected: one path per loss kind, from the product root to a cut component,
// and the supplier fact that cut it.
struct CascadeCause {
  CascadeLoss loss = kLosesParts;
  std::vector<BomIndex> path;  // component indices, root first, cut component last
  BomIndex party = kNoBom;     // the supplier or manufacturer that stopped
  std::string why;             // e.g. "supplier 'Qualcomm' has country US (BOM)"
};

struct CascadeProduct {
  BomIndex product = kNoBom;
  std::uint8_t losses = 0;  // CascadeLoss bits
  std::vector<CascadeCause> causes;
  Measures elements;  // linked elements
};

struct CascadeMeasures {
  Measures parts, updates, other, any, total;  // total: every element in the scope
};

struct CascadeRegion {
  std::string name;  // "" = no region given
  CascadeMeasures measures;
};

struct CascadeOptions {
  Date as_of;
  // When both are given, the topology loss analysis runs with the affected elements removed.
  const TopologyGraph* graph = nullptr;
  const DemandTable* demands = nullptr;
};

struct CascadeReport {
  CascadeScenario scenario;
  Date as_of;
  bool in_effect = false;  // false: nothing is affected at as_of (the date is outside [from, until])
  std::string target_name;
  std::vector<std::string> assumptions;  // interpretations stated in the output
  std::vector<BomIndex> cut_parties;     // parties that stop supplying, with cut_why
  std::vector<std::string> cut_why;
  std::vector<CascadeProduct> products;      // affected products, most elements first
  std::vector<std::uint8_t> element_losses;  // per element: CascadeLoss bits (0 = unaffected)
  std::vector<BomIndex> element_product;     // per element: its product (kNoBom = no BOM); causes in products
  std::vector<std::uint8_t> designated;      // per element, copied from the input (may be empty)
  std::array<CascadeMeasures, kFunctionCount> by_function{};
  CascadeMeasures total;
  std::vector<CascadeRegion> by_region;  // regions with an affected element, most affected first
  Measures affected_designated;          // affected elements that are designated already
  std::uint64_t linked_elements = 0, unlinked_elements = 0;
  std::vector<BomIndex> unmatched_products;       // products no element is an instance of
  std::vector<BomIndex> unresolved_makers;        // products whose maker the registry does not know
  std::vector<std::string> unresolved_suppliers;  // names the registry does not know
  std::optional<LossReport> topology;             // when a graph was given
};

// Runs one scenario over loaded data: links bom to the inventory, marks cut components, propagates
// and measures. designated (per element, may be empty) is the assessment's designated_elements()
// at as_of; it is reported beside the affected elements. Fails on an unknown entity, list or
// supplier name (usage error).
Result<CascadeReport> run_cascade(const BomSet& bom, const ElementStore& store, const Registry& registry,
                                  const Resolution& resolution, std::span<const std::uint8_t> designated,
                                  const CascadeScenario& scenario, const CascadeOptions& options);
// The same with links already made (the what-if links once per state).
Result<CascadeReport> run_cascade(const BomSet& bom, const BomLinks& links, const ElementStore& store,
                                  const Registry& registry, const Resolution& resolution,
                                  std::span<const std::uint8_t> designated, const CascadeScenario& scenario,
                                  const CascadeOptions& options);

// The component path of a cause as "root > part > chip" names.
std::string describe_path(const BomSet& bom, const CascadeCause& cause);

std::string render_cascade_text(const CascadeReport& report, const BomSet& bom, const ElementStore& store,
                                const Registry& registry, std::size_t top = 10);
// Versioned JSON ("kitwatch-cascade/1"): the scenario, totals, by function and region, every
// affected product with its causes, and every affected element with its product and losses.
std::string render_cascade_json(const CascadeReport& report, const BomSet& bom, const ElementStore& store,
                                const Registry& registry);

}  // namespace kitwatch
