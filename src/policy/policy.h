// Policy packs: declarative rules (YAML, see docs/policy.md) about which suppliers may be where in
// a network, from which date, evaluated against a resolved inventory as of a date.
//
// A pack is parsed from (name, text) pairs, so the shipped packs can come from the binary
// (embedded_files()) or from a folder, and tests can pass text directly. Parsing checks the YAML
// and every selector's syntax; evaluating compiles the selectors against the registry (list ids)
// and fails, with the position in the pack file, on names the registry does not know.
//
// Dates in a pack are the first day a requirement is in force: a rule with `from: D` (or `by: D`)
// applies to every as-of date on or after D. The network as of a date is the inventory less the
// elements installed after that date (elements with no installed date are always present).
//
// Thread safety: Pack and PolicyReport are plain values; evaluate_policies() only reads its inputs.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assess/assess.h"
#include "base/date.h"
#include "base/read_file.h"
#include "base/status.h"
#include "ingest/ingest.h"
#include "model/element_store.h"
#include "registry/registry.h"
#include "resolve/resolver.h"

namespace kitwatch {

class Selector;  // a parsed selector expression (policy/selector.h)

enum class RuleKind : std::uint8_t { kProhibit, kCap, kRemoveBy, kNoNew, kMaxSuppliers, kRequireEvidence };
std::string_view rule_kind_name(RuleKind kind);

enum class Measure : std::uint8_t { kCount, kTraffic, kSubscribers };
std::string_view measure_name(Measure m);
// What element e weighs in a share by measure m: 1, its traffic or its subscribers.
inline double measure_value(const ElementStore& store, ElementIndex e, Measure m) {
  return m == Measure::kTraffic ? store.traffic[e] : m == Measure::kSubscribers ? store.subscribers[e] : 1.0;
}

// How a cap or max_suppliers rule splits its scope: one check for the whole scope, or one per
// region or per site.
enum class GroupBy : std::uint8_t { kNone, kRegion, kSite };

struct Rule {
  std::string id, title, source, severity = "error";
  std::string assumption;  // non-empty: a fact in this rule is not verified; says which
  RuleKind kind = RuleKind::kProhibit;
  std::optional<Date> date;  // `from` (or `by` for remove_by); absent: always in force
  std::shared_ptr<const Selector> scope, suppliers;
  Measure measure = Measure::kCount;
  double limit = 0;           // cap: the largest allowed share, 0..1
  std::uint32_t max = 0;      // max_suppliers: the most distinct designated controllers
  double min_confidence = 0;  // require_evidence
  GroupBy per = GroupBy::kNone;
  std::uint64_t line = 0;  // where the rule starts in its pack file
};

// The `evaluation:` section of a pack (docs/evaluation.md): the mitigation capacity model. Costs are
// analyst-days per year; a function class with no cost is out of scope.
struct EvaluationSection {
  double capacity = 0;                              // analyst-days available per year
  double fixed_per_controller = 0;                  // keeping an evaluation capability for one controller
  std::array<double, kFunctionCount> build_cost{};  // per distinct (model, software_version), by function
  std::array<bool, kFunctionCount> in_scope{};      // functions whose builds are evaluated
  std::vector<std::string> lists;                   // designation lists under evaluation (empty = all)
  std::string source, assumption;                   // assumption: shown in every output when non-empty
  std::uint64_t line = 0;
};

struct Pack {
  std::string name, title, jurisdiction, source, file;
  std::vector<std::string> notes;
  std::vector<Rule> rules;
  std::optional<EvaluationSection> evaluation;
  // Said wherever the pack's results are: a file of the pack's name in the working folder that was
  // not read because the name means the shipped pack (load_policy_packs).
  std::string load_note;
};

// The measured figure against the limit, in the rule kind's words ("largest share 18.53% by count
// (limit 35.00%)"), as every format shows it.
struct RuleResult;
std::string rule_figure_text(const Rule& rule, const RuleResult& result);

// "pack/rule": how every output names rule `rule` of pack `pack`.
std::string rule_label(const std::vector<Pack>& packs, std::size_t pack, std::size_t rule);

// One pack file's text and the name used in error locations.
struct PackSource {
  std::string name, text;
};

// Parses one pack. Errors name the file, line and column.
Result<Pack> parse_pack(const PackSource& source);

// The pack files compiled into the binary (embedded files named *.policy.yaml); empty when this
// build did not embed them.
std::vector<PackSource> builtin_pack_sources();

// The shipped packs' sources: the embedded ones, or when the build embedded none, the
// *.policy.yaml files in the first data/policies folder found beside the executable or above it.
std::vector<PackSource> shipped_pack_sources();

// The shipped packs, parsed, in file-name order.
Result<std::vector<Pack>> shipped_packs();

// Loads the packs a user asked for: a request with a '/' or ending in .yaml or .yml is a path to a
// pack file; any other is the name of a shipped pack, even when a file of that name is in the
// working folder (a stray file must never replace a shipped pack: the pack says so in load_note,
// and ./NAME reads the file). An unknown name is a usage error listing the shipped packs; a path
// that is not a regular file (a directory, a FIFO) is an io error.
Result<std::vector<Pack>> load_policy_packs(const std::vector<std::string>& requests,
                                            std::uint64_t max_file_bytes = kDefaultMaxFileBytes);

// What a rule came to at the as-of date.
enum class RuleStatus : std::uint8_t { kPending, kMet, kViolated };
std::string_view rule_status_name(RuleStatus s);

// One group's figure (the whole scope, a region or a site).
struct GroupResult {
  std::string name;                      // "" for the whole scope
  double measured = 0;                   // share for cap; count of distinct controllers; quantity otherwise
  double scope_total = 0;                // the denominator (cap) or the scope's size in the rule's measure
  bool over = false;                     // measured beyond the limit
  std::vector<EntityIndex> controllers;  // max_suppliers: the distinct designated controllers
};

struct RuleResult {
  std::size_t pack = 0, rule = 0;  // indices into the evaluated packs
  RuleStatus status = RuleStatus::kMet;
  bool in_force = true;
  std::int64_t days_left = 0;  // date - as_of in days (negative: in force for that long); 0 if undated
  double measured = 0;         // the worst group's figure
  double limit = 0;            // the figure it is held to
  std::size_t scope_elements = 0;
  Measures selected;        // supplier elements in scope (all kinds but require_evidence)
  std::size_t undated = 0;  // no_new: selected elements with no installed date (not checked)
  // Elements in scope that the suppliers selector leaves out although their maker is unknown or the
  // registry does not know who controls it: they might be a designated supplier's (0 when the rule
  // has no suppliers selector).
  std::size_t undecided = 0;
  std::vector<std::string> lists;      // the designation lists the suppliers selector names (for explanations)
  std::vector<GroupResult> groups;     // groups over the limit first; for per-group rules, all
  std::vector<ElementIndex> elements;  // the elements concerned, in store order
};

struct PolicyReport {
  Date as_of;
  std::size_t installed_later = 0;  // elements left out: installed after the as-of date
  std::size_t undecided = 0;        // distinct undecided elements of the rules in force of severity error
  std::vector<Pack> packs;
  std::vector<RuleResult> results;  // one per rule, in pack and rule order
  // Rules violated at the as-of date whose severity is "error" (these fail the gate).
  std::size_t failing() const;
};

struct PolicyContext {
  const ElementStore& store;
  const Registry& registry;
  const Resolution& resolution;  // resolved at as_of
  Date as_of;
  unsigned threads = 2;  // selector evaluation splits the store across this many threads
};

// Evaluates every rule of every pack. Fails on a selector naming a designation list the registry
// does not have (with the selector's position in its pack file).
Result<PolicyReport> evaluate_policies(std::vector<Pack> packs, const PolicyContext& context);

// The elements of context.store that a selector expression (docs/policy.md) matches, in store
// order, for modules that select with the policy language (what-if scopes). Errors, in the syntax
// or naming a designation list the registry lacks, are located at `where`.
Result<std::vector<ElementIndex>> select_elements(std::string_view selector, const SourceLocation& where,
                                                  const PolicyContext& context);
// What every rule selects, for modules that change a network and must keep to the rules (the
// planner): per rule, in pack and rule order, one byte per element of context.store: bit 0 set when
// the rule's scope selects the element, bit 1 when its suppliers selector does (designations at
// context.as_of). Unlike evaluate_policies, elements installed after as_of are not left out: the
// caller decides when each element is present. Fails like evaluate_policies on unknown lists.
inline constexpr std::uint8_t kInRuleScope = 1, kRuleSupplier = 2;
Result<std::vector<std::vector<std::uint8_t>>> select_rule_elements(const std::vector<Pack>& packs,
                                                                    const PolicyContext& context);
// Checks a selector expression's syntax; errors are located by locate(byte offset in selector).
Status check_selector(std::string_view selector, const std::function<SourceLocation(std::size_t)>& locate);

// Renders the results for people: one line per rule, the timeline of dated requirements, and for
// each violation the elements (the first `max_elements` ids) and why they count.
std::string render_policy_text(const PolicyReport& report, const PolicyContext& context, std::size_t max_elements = 10);
// The "policy" section of a JSON report: every rule's result with its element ids (at most
// max_elements per rule; every group and rule says how many it left out, and `element_lists` how
// to get them all), grouped by the evidence that makes them count, and the timeline.
nlohmann::ordered_json policy_json(const PolicyReport& report, const PolicyContext& context,
                                   std::size_t max_elements = SIZE_MAX);
// One CSV row per (violated rule, element): rule, element id, source row, maker, controller,
// designations and confidence.
// With inventory, its located rejections come first, one row each (rule "rejected row").
std::string render_policy_csv(const PolicyReport& report, const PolicyContext& context,
                              const IngestReport* inventory = nullptr);

// The results in one format: text (render_policy_text), json (policy_json) or csv.
std::string render_policy(const PolicyReport& report, const PolicyContext& context, std::string_view format,
                          std::size_t max_elements = 10);
// The CI gate's verdict on a run. A gate never says "compliant" about rows it could not read:
// violated rules of severity error make it not compliant; otherwise more rejected rows than
// max_rejected make it incomplete; otherwise, with strict_unknown, undecided elements (maker or
// control unknown) make it incomplete; otherwise it is compliant, and says how many are undecided.
enum class GateOutcome : std::uint8_t { kCompliant, kNotCompliant, kIncomplete };
struct GateVerdict {
  GateOutcome outcome = GateOutcome::kCompliant;
  Date as_of;
  std::size_t failing = 0;  // rules of severity error violated
  std::uint64_t rows_read = 0, rejected = 0, max_rejected = 0;
  std::size_t undecided = 0;    // PolicyReport::undecided
  bool strict_unknown = false;  // undecided elements make the verdict incomplete
  std::string sentence;         // for people, first in every output: "NOT COMPLIANT as of ...: ..."
};
std::string_view gate_outcome_name(GateOutcome outcome);  // compliant, not compliant, incomplete
GateVerdict gate_verdict(const PolicyReport& report, const PolicyContext& context, const IngestReport& inventory,
                         std::uint64_t max_rejected = 0, bool strict_unknown = false);
// OK when compliant; a findings error (exit 1) when not compliant; an incomplete error (exit 3).
Status gate_status(const GateVerdict& verdict);
// `kitwatch check`'s output in one format: the verdict and the rows that could not be read first
// (text), as members "verdict" and "inventory" (json), or as comment-free CSV rows of the elements
// concerned after a first row per rejected-rows count (csv: rule "(rows rejected)").
std::string render_gate(const GateVerdict& verdict, const IngestReport& inventory, const PolicyReport& report,
                        const PolicyContext& context, std::string_view format, std::size_t max_elements = 10);

// A pack for people (kitwatch policy show): its rules, dates, sources and assumptions.
std::string describe_pack(const Pack& pack);
// A pack for machines: its name, title, jurisdiction, source, notes, every rule (kind, dates,
// selectors, measure, limit, severity, source, assumption) and its evaluation section.
nlohmann::ordered_json pack_json(const Pack& pack);
// A table of packs (kitwatch policy list): name, jurisdiction, rule count and title.
std::string describe_packs(const std::vector<Pack>& packs);

}  // namespace kitwatch
