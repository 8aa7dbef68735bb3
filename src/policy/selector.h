// Selectors: the small expression language that picks elements and suppliers in a policy rule
// (grammar in docs/policy.md), and its evaluation over the element store.
//
// A selector is parsed once (syntax, field names, operators and function names are checked then,
// with positions in the pack file) and compiled against a store, registry and resolution: each
// comparison becomes a table over one column's interned ids (or over the resolution's distinct
// decisions), so evaluating an element is a few table lookups, never a string comparison.
//
// Private to src/policy.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "assess/assess.h"
#include "base/status.h"
#include "model/element_store.h"
#include "registry/registry.h"
#include "resolve/resolver.h"

namespace kitwatch {

enum class SelectorField : std::uint8_t {
  kFunction,
  kRegion,
  kSite,
  kVendor,
  kModel,
  kTags,
  kInstalled,  // element fields
  kEntityId,
  kEntityController,
  kEntityCountry,
  kEntityLists,
  kEntityIds  // supplier fields
};

struct SelectorNode {
  enum class Op : std::uint8_t { kAnd, kOr, kNot, kEq, kNe, kIn, kNotIn, kHas, kLt, kLe, kGt, kGe };
  Op op = Op::kAnd;
  SelectorField field = SelectorField::kFunction;
  std::vector<std::string> values;     // comparisons: the value(s), normalised
  std::vector<SourceLocation> where;   // comparisons: each value's position
  std::vector<SelectorNode> children;  // and/or/not
};

// Maps a byte offset in the selector text to its position in the pack file.
using OffsetLocator = std::function<SourceLocation(std::size_t offset)>;

class Selector {
 public:
  // Parses text; errors carry the position locate() gives for the offending token.
  static Result<Selector> parse(std::string_view text, const OffsetLocator& locate);
  const std::string& text() const { return text_; }
  const SelectorNode& root() const { return root_; }
  // The designation list ids the selector names (entity.lists has ...), in order of appearance.
  std::vector<std::string> lists_named() const;

 private:
  std::string text_;
  SelectorNode root_;
};

// What the supplier fields of a selector see for each of the resolution's decisions.
struct SupplierFacts {
  // Per registry entity, the active designations on its control chain at the as-of date.
  std::vector<std::vector<DesignationRef>> designations;
  std::vector<std::vector<std::uint32_t>> lists_of_decision;  // list indices, per decision
  std::vector<std::vector<EntityIndex>> chain_of_decision;    // maker → ... → controller
};

SupplierFacts supplier_facts(const Registry& registry, const Resolution& resolution, Date as_of);

// A selector compiled to per-column tables.
class CompiledSelector {
 public:
  // Fails on a designation list id the registry does not know.
  static Result<CompiledSelector> compile(const Selector& selector, const ElementStore& store, const Registry& registry,
                                          const Resolution& resolution, const SupplierFacts& facts);
  // out[i] = 1 when element begin + i matches, for i < count. scratch is reused storage.
  void evaluate(const ElementStore& store, const Resolution& resolution, ElementIndex begin, std::size_t count,
                std::uint8_t* out, std::vector<std::vector<std::uint8_t>>& scratch) const;

 private:
  struct Node {
    SelectorNode::Op op = SelectorNode::Op::kAnd;
    SelectorField field = SelectorField::kFunction;
    std::vector<std::uint8_t> table;  // comparisons: match per id of the field's column
    std::int32_t days = 0;            // installed comparisons: the date
    std::vector<Node> children;
  };
  static Result<Node> compile_node(const SelectorNode& in, const ElementStore& store, const Registry& registry,
                                   const Resolution& resolution, const SupplierFacts& facts);
  void eval(const Node& node, const ElementStore& store, const Resolution& resolution, ElementIndex begin,
            std::size_t count, std::uint8_t* out, std::vector<std::vector<std::uint8_t>>& scratch,
            std::size_t depth) const;
  Node root_;
};

// Evaluates selectors over the whole store, in parallel, into one bit per element each:
// bits[s][e / 64] bit e % 64 is set when element e matches selectors[s]. Results do not depend on
// the thread count.
std::vector<std::vector<std::uint64_t>> evaluate_selectors(const std::vector<const CompiledSelector*>& selectors,
                                                           const ElementStore& store, const Resolution& resolution,
                                                           unsigned threads);

}  // namespace kitwatch
