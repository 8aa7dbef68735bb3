// The national picture (docs/national.md): each operator turns its run into a return of aggregates
// (kitwatch-return/1: no element ids, names, sites, serials or MACs), signs it, and a regulator
// merges every operator's return into national shares, concentration, a compliance matrix and
// the national evaluation load, where a build that several operators run is evaluated once.
//
// The merge is exact: the cells of a return are keyed by (function, region, manufacturer) with
// their count, traffic and subscribers, and its builds by (manufacturer, model, software version,
// function), so national figures are the figures `assess` and the capacity model give on the
// union of the operators' inventories (docs/definitions.md), for any choice of designation lists,
// whatever the order of the returns.
//
// Thread safety: every function here only reads its arguments.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assess/assess.h"
#include "base/date.h"
#include "base/status.h"
#include "evaluation/evaluation.h"
#include "model/element_store.h"
#include "policy/policy.h"
#include "registry/registry.h"
#include "report/report.h"
#include "run/run.h"
#include "whatif/whatif.h"

namespace kitwatch {

inline constexpr std::string_view kReturnFormat = "kitwatch-return/1";

// Maker keys in a return: a registry entity id ("huawei"), "unregistered:NAME" for a maker the
// registry does not know (never designated, its own controller), or "unknown" (unresolved).
inline constexpr std::string_view kUnknownMaker = "unknown";

// One aggregate: the elements of one function and region made by one maker.
struct ReturnCell {
  Function function = Function::kOther;
  std::string region;      // "" = no region given
  std::string maker;       // see above
  std::string controller;  // the maker's ultimate controller at the as-of date, as the operator's registry said
  Measures measures;
};

// Cells under --min-cell elements, folded per function so every total stays exact. Their makers
// are not disclosed: nationally they stay in the denominators and are shown as their own share.
struct SuppressedCells {
  Function function = Function::kOther;
  std::uint64_t cells = 0;
  Measures measures;
};

// Elements of one registered maker running one (model, software version) in one function, counted
// as the capacity model counts them: installed on or before the as-of date, or undated.
struct ReturnBuild {
  std::string maker, controller, model, software_version;
  Function function = Function::kOther;
  std::uint64_t elements = 0;
};

// One policy rule's result, the operator's own figure.
struct ReturnRule {
  std::string pack, rule, kind, severity, status;  // status: met, violated, pending
  bool in_force = true;
  double measured = 0, limit = 0;
  std::uint64_t scope_elements = 0;
};

// The operator's topology figures, when its run had a topology.
struct ReturnTopology {
  std::uint64_t nodes = 0, links = 0, demands = 0, exposed_demands = 0;
  double routed_volume = 0, exposed_volume = 0, exposure_share = 0;
  Measures cut_off;  // losing every designated element: cut off from the core
  std::uint64_t demands_disconnected = 0;
  std::uint64_t designated_single_points = 0;  // designated articulation points
};

// An input file of the operator's run, by digest (its name, not its path).
struct InputDigest {
  std::string role, name, sha256;
  std::uint64_t bytes = 0;
};

struct ReturnSignature {
  std::string algorithm = "ed25519";
  std::string public_key;  // hex
  std::string value;       // hex: Ed25519 over content_sha256 (64 hex characters)
};

struct OperatorReturn {
  std::string file;  // where it was read from ("" when built in memory)
  std::string operator_id, operator_name;
  Date as_of;
  std::string kitwatch_version;
  std::string registry_version, registry_date, registry_sha256;
  std::vector<std::string> lists;  // the designation lists the operator's own figures count
  std::vector<InputDigest> inputs;
  std::uint64_t rows_read = 0, rows_accepted = 0, rows_rejected = 0;
  Measures total;  // every accepted element
  std::uint64_t min_cell = 0;
  // Whose builds the return lists: "registered" (every registered maker's) or "designated" (only
  // makers designated on some list of the registry at the as-of date: less disclosed, but a
  // what-if that designates another entity then misses that entity's builds).
  std::string builds_of = "registered";
  std::vector<ReturnCell> cells;
  std::vector<SuppressedCells> suppressed;
  std::vector<ReturnBuild> builds;
  std::vector<ReturnRule> rules;
  std::optional<ReturnTopology> topology;
  // Set when read: the digest of the canonical content, the signature if there is one, and where
  // the members the merge compares across returns are (for located refusals).
  std::string content_sha256;
  std::optional<ReturnSignature> signature;
  SourceLocation operator_at, as_of_at, registry_at;
};

// What `kitwatch return` needs besides the analysed state.
struct ReturnOptions {
  std::string operator_id, operator_name, kitwatch_version;
  std::vector<std::string> lists;       // the lists the operator's own figures (rules aside) count
  std::uint64_t min_cell = 0;           // cells with fewer elements are folded into SuppressedCells
  bool designated_builds_only = false;  // list only designated makers' builds (OperatorReturn::builds_of)
  std::vector<InputDigest> inputs;
  std::uint64_t rows_read = 0, rows_accepted = 0, rows_rejected = 0;
  std::vector<RegistrySource> registry_sources;  // digested into registry_sha256
};

// An operator id names files (DIR/ID.pub): lower-case letters, digits, '.', '_' and '-', starting
// with a letter or digit, at most 64 bytes.
Status check_operator_id(std::string_view id);

// The return of one analysed state. analysis supplies the rules (when policy ran) and the topology
// figures (when topology ran); it may be null.
Result<OperatorReturn> build_return(const NetworkState& state, const Analysis* analysis, const ReturnOptions& options);

// The digest of every file a run read (inventories, registry overlays, pack files, topology files,
// BOMs), in that order, as InputDigest with the file's base name.
Result<std::vector<InputDigest>> digest_inputs(const RunSpec& spec);
// SHA-256 of the registry's sources in order: two returns with the same digest used the same facts.
std::string registry_digest(const std::vector<RegistrySource>& sources);

// The return as JSON text with its integrity section: the SHA-256 of its canonical content and,
// when secret_key (hex, from keygen) is given, an Ed25519 signature of it.
Result<std::string> write_return(const OperatorReturn& ret, const std::string& secret_key_hex = "");

// Reads a return: its JSON against kitwatch-return/1 (errors name file, line and column), the
// integrity digest (a changed byte of content is refused), the cells against the totals.
Result<OperatorReturn> read_return(std::string_view bytes, const std::string& name);
Result<OperatorReturn> read_return_file(const std::string& path, std::uint64_t max_file_bytes = kDefaultMaxFileBytes);

// An Ed25519 key pair, hex.
struct KeyPair {
  std::string public_key, secret_key;
};
KeyPair generate_key_pair();
// Whether ret's signature verifies against public_key_hex. An unsigned return does not.
bool signature_valid(const OperatorReturn& ret, std::string_view public_key_hex);

// Where the operators' public keys are (DIR/ID.pub, as keygen writes them) and whether unsigned
// returns may be merged (drafts).
struct TrustOptions {
  std::string trust_dir;  // "" = no keys: only allowed with allow_unsigned
  bool allow_unsigned = false;
};
// Checks every return's signature against its operator's trusted key. Refused (an input error
// naming the file): an unsigned return (unless allow_unsigned), no key for the operator, a
// signature that does not verify. What was let through is said in caveats, for every output.
Status check_signatures(const std::vector<OperatorReturn>& returns, const TrustOptions& trust,
                        std::vector<std::string>& caveats);
// Writes DIR/ID.key (the secret key, mode 0600; an existing one is never overwritten) and
// DIR/ID.pub; returns the two paths.
Result<std::pair<std::string, std::string>> write_key_pair(const std::string& dir, const std::string& operator_id);
// Reads a secret key file written by write_key_pair (hex, one line).
Result<std::string> read_secret_key(const std::string& path);

// The whole `kitwatch return` run on the engine's entry point (run/run.h): load the spec (the input
// files' digests taken beside the read), run its policy and topology analyses, and build the
// return. options' rows, inputs and registry sources are filled from the run. The stage "digest"
// goes to spec.stage_done.
Result<OperatorReturn> run_return(RunSpec spec, ReturnOptions options);

// What one `kitwatch national` run reads: the returns, the regulator's registry (builtin plus
// overlays), the capacity model, and how to trust them.
struct NationalSpec {
  std::vector<std::string> returns;            // return files, one per operator
  std::vector<std::string> registry_overlays;  // as the operators used
  std::vector<std::string> lists;              // designation lists that count (empty = all)
  std::string capacity;                        // a pack (shipped name or file) with an evaluation: section
  TrustOptions trust;
  bool allow_mixed = false;
  std::uint64_t max_file_bytes = kDefaultMaxFileBytes;
};

// How a set of returns is merged.
struct NationalOptions {
  std::vector<std::string> lists;               // designation lists that count (empty = every list)
  std::optional<EvaluationSection> evaluation;  // the capacity model; none = no evaluation load
  std::string evaluation_pack;                  // the pack it came from
  std::string registry_sha256;       // registry_digest() of the registry merged with (what returns must match)
  bool allow_mixed = false;          // accept returns with other as-of dates or registries (flagged)
  std::vector<std::string> caveats;  // said by the caller (e.g. unsigned returns accepted): shown in every output
  std::size_t top_builds = 20;       // builds listed per controller in text
};

// Everything a national run read and checked, ready for merge_returns or national_whatif.
struct NationalInputs {
  std::vector<OperatorReturn> returns;
  std::vector<RegistrySource> registry_sources;
  std::unique_ptr<Registry> registry;
  NationalOptions options;  // lists, capacity model, registry digest, caveats of the signature check
};

// Reads every return (each checked as read_return does), checks the signatures, loads the
// registry and the capacity pack.
Result<NationalInputs> load_national(const NationalSpec& spec);

struct OperatorFigures {
  std::string id, name, file;
  ScopeSummary total;
  std::array<ScopeSummary, kFunctionCount> by_function;
  Measures suppressed;
  double own_load = 0;  // the evaluation load of this operator's builds alone
  bool signed_return = false;
  std::uint64_t rows_rejected = 0;
};

// The national evaluation load: the capacity model's report (evaluation/evaluation.h) over every
// return's builds, a build that several operators run counted once (its `operators` say who runs it).
struct NationalEvaluation {
  EvaluationReport report;
  double operators_load_sum = 0;    // what the operators' own loads add up to (shared builds per operator)
  std::uint64_t shared_builds = 0;  // builds run by more than one operator
};

// A controller's national total: a registry entity, or an unregistered maker.
struct NationalController {
  std::string id, name;
  Measures measures, share;  // share of the national total
  bool designated = false;
};

// A cell of the compliance matrix: what an operator's own run said of a rule.
struct RuleKey {
  std::string pack, rule;
  bool operator==(const RuleKey&) const = default;
};

struct NationalReport {
  Date as_of;
  std::vector<std::string> lists;
  std::string registry_version, registry_date;
  ScopeSummary total;
  std::array<ScopeSummary, kFunctionCount> by_function;
  std::array<Measures, kFunctionCount> suppressed;
  Measures suppressed_total;
  Concentration concentration;
  std::array<Concentration, kFunctionCount> concentration_by_function;
  std::vector<RegionSummary> by_region;          // by element count, largest first
  std::vector<OperatorFigures> operators;        // by operator id
  std::vector<NationalController> controllers;   // by element count, largest first
  std::vector<RuleKey> rules;                    // the matrix's columns
  std::vector<std::vector<std::string>> matrix;  // [operator][rule]: status, or "" when not evaluated
  std::optional<NationalEvaluation> evaluation;
  std::uint64_t rows_rejected = 0;
  std::vector<std::string> caveats;  // every output shows them
};

// Merges the returns. Refused (input errors naming the file): two returns of one operator; as-of
// dates or registry digests that differ from each other or from registry's, unless allow_mixed
// (then each difference becomes a caveat); a maker or list the registry does not know.
Result<NationalReport> merge_returns(const std::vector<OperatorReturn>& returns, const Registry& registry,
                                     const NationalOptions& options);

// The national report for people, and as JSON (the same names as `assess` for the same figures).
// Every format starts with the caveats: nothing may look more certain than the returns behind it.
std::string render_national_text(const NationalReport& report);
std::string render_national_json(const NationalReport& report);
// The self-contained national page (web/national.html): operator comparison, capacity gauge,
// functions, regions, controllers, the compliance matrix and the builds under evaluation.
Result<std::string> render_national_html(const NationalReport& report);
std::string render_national_markdown(const NationalReport& report);
// One table per file (caveats, functions, operators, regions, controllers, matrix, builds), shares
// as fractions 0..1, spreadsheet-safe cells.
std::vector<CsvTable> render_national_csv_tables(const NationalReport& report);
// The report in one format: text, json, html or md (csv is a folder of tables: above).
Result<std::string> render_national(const NationalReport& report, std::string_view format);

// The national what-if (docs/national.md "National what-if"): operations at return level.
// add: operator X adds N elements of maker M (a registry entity), model V, versions S (assigned
// round-robin) in function F and region R, each with the given traffic and subscribers.
struct NationalAdd {
  std::string operator_id, maker, model, region;
  Function function = Function::kOther;
  std::uint64_t count = 0;
  std::vector<std::string> software_versions;
  double traffic = 0, subscribers = 0;  // per element
};
// remove: operator X (every operator when empty) removes the elements of maker M (made by M or by
// an entity M controls) from function F (every function when absent). Suppressed cells are not
// touched: their makers are not disclosed.
struct NationalRemove {
  std::string operator_id, maker;
  std::optional<Function> function;
};
using NationalOperation = std::variant<NationalAdd, NationalRemove, DesignateOperation>;

struct NationalStep {
  NationalOperation operation;
  SourceLocation where;
};

struct NationalScenario {
  std::string name, title, file;
  std::vector<std::string> notes;
  std::vector<NationalStep> steps;
};

// Parses a national scenario strictly (unknown keys, bad numbers, dates and functions are input
// errors with file:line:column).
Result<NationalScenario> parse_national_scenario(std::string_view text, const std::string& name);
Result<NationalScenario> load_national_scenario(const std::string& path,
                                                std::uint64_t max_file_bytes = kDefaultMaxFileBytes);

struct NationalWhatif {
  NationalReport before, after;
  Comparison comparison;  // every national figure before and after (render with whatif.h's renderers)
};

// Applies the scenario to copies of the returns (and, for designations, to a registry built from
// sources plus one overlay per designation) and merges both states with options.
Result<NationalWhatif> national_whatif(const std::vector<OperatorReturn>& returns,
                                       const std::vector<RegistrySource>& sources, const NationalOptions& options,
                                       const NationalScenario& scenario);

}  // namespace kitwatch
