// The engine's entry point for a whole run: what to read and analyse (RunSpec), reading it once
// (load → Inputs) and running the analyses asked for (analyse → Analysis). Every front end (the
// CLI's subcommands today; the server and the national returns next) is three steps: its own
// arguments → RunSpec, these calls, its own rendering. In the spirit of DuckDB's Connection::Query
// and LevelDB's Options: one options struct passed in, no process-wide setters.
//
// The order of a run (docs/architecture.md): registry and MAC registry → inventories (ingest,
// uplinks, row accounting) → policy packs → topology inputs (links, a GraphML or SNDlib file,
// demands) → BOMs → resolution; then assessment → policy → mitigation capacity → topology →
// cascade.
//
// Thread safety: load() and analyse() only read what they are given; callbacks in RunSpec are
// called from the thread that calls load() or analyse(), except RunSpec::progress (see there).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "assess/assess.h"
#include "base/date.h"
#include "base/status.h"
#include "bom/bom.h"
#include "evaluation/evaluation.h"
#include "ingest/ingest.h"
#include "model/element_store.h"
#include "policy/policy.h"
#include "registry/mac_registry.h"
#include "registry/registry.h"
#include "resolve/resolver.h"
#include "snapshot/snapshot.h"
#include "topology/topology.h"

namespace kitwatch {

// What one run reads. Everything but the inventories is optional.
struct RunSpec {
  // Inventories (CSV/TSV, JSON, NDJSON, NetBox pages or CSV) and how to read them: format, strict
  // mode, column and role maps, NetBox MAC files, input limits (docs/limits.md). The limits apply to every input file
  // the run reads (not to the IEEE MAC registry, which is reference data).
  std::vector<std::string> inventories;
  IngestOptions ingest;
  // FILE=PREFIX: the ids and uplinks of inventory FILE (as given in inventories) get PREFIX in front.
  std::vector<std::string> id_prefixes;
  std::optional<Date> as_of;  // the rules and designations are taken at this date (default: today)
  std::vector<std::string> registry_overlays;
  std::string ieee_dir = kDefaultIeeeDir;
  std::vector<std::string> lists;     // designation lists that count (empty = all in the registry)
  std::vector<std::string> policies;  // packs: shipped names or files

  // The topology: at most one of links (a links CSV between element ids, or a Topology Zoo
  // .graphml whose nodes are matched to the inventory's elements), graphml or sndlib (a topology
  // file whose nodes are matched through node_map, or become the elements when there is no
  // inventory: a demo). demands: a demands CSV between element ids.
  std::string links, graphml, sndlib, node_map, demands;
  AttachOptions attach;           // for graphml/sndlib
  std::vector<std::string> lose;  // extra supplier-loss scenarios: ENTITY, LIST or COUNTRY

  std::vector<std::string> boms;  // component BOMs (CycloneDX JSON or CSV) for a cascade

  // A snapshot database whose history the report draws (read only). When it does not exist it is
  // skipped, unless history_required (a --db given on purpose), which makes that an error.
  std::string history_db;
  bool history_required = false;

  unsigned threads = 0;  // every parallel stage; 0 = worker_threads() (base/threads.h)
  std::size_t top = 10;  // rows per list in the human-readable outputs

  // How reports and messages name an input file instead of its path: an upload by the name its
  // sender gave (the server stores it elsewhere), standard input as "<stdin>" (the CLI copies it to
  // a temporary file). Applied to every file name the loaded inputs and their errors carry.
  std::map<std::string, std::string> display_names;

  // Told (file, bytes read, bytes in the file) as a large inventory file is read, from the reading
  // thread; for progress bars. May be empty.
  std::function<void(const std::string& file, std::uint64_t done, std::uint64_t total)> progress;
  // Warnings that do not stop the run (e.g. "no IEEE MAC registry: MAC evidence is off").
  std::function<void(const std::string&)> warn;
  // Called as each stage ends, with its name ("read", "resolve", ...), e.g. for --timings.
  std::function<void(const char*)> stage_done;
};

// The topology inputs one run read, with the ingest report of each ("links" or "nodes", then
// "demands"), in the order the report lists them.
struct TopologyInputs {
  LinkTable links;
  DemandTable demands;
  bool has_demands = false;
  std::vector<std::pair<std::string, IngestReport>> reports;
  std::optional<ElementCoordinates> coordinates;  // from GraphML Latitude/Longitude, for the map
};

// One side of an analysis: the elements, the registry and resolution that go with them, the as-of
// date and the topology. A loaded run gives one (Inputs::state()); what-if builds a second one.
struct NetworkState {
  const ElementStore* store = nullptr;
  const Registry* registry = nullptr;
  const Resolution* resolution = nullptr;
  Date as_of;
  const LinkTable* links = nullptr;      // may be null
  const DemandTable* demands = nullptr;  // may be null
};

// Everything a run read, resolved and ready for analyses. Returned in a unique_ptr: the reports
// and results that point into it (TopologyResults, PolicyContext) need its address to stay put.
struct Inputs {
  RunSpec spec;  // what was asked for (callbacks included)
  Date as_of;
  ElementStore store;
  IngestReport ingest;
  std::vector<RegistrySource> registry_sources;  // what the registry was built from (what-if extends it)
  std::unique_ptr<Registry> registry;
  std::unique_ptr<MacRegistry> macs;
  Resolution resolution;
  std::vector<Pack> packs;
  std::optional<TopologyInputs> topology;  // when the spec names a topology
  BomSet bom;                              // the spec's BOMs, merged
  std::vector<ShareHistoryPoint> history;  // the history database's series, oldest first

  NetworkState state() const;
  // The ingest report of the file the elements came from: the inventories', or in a topology demo
  // without inventory the topology file's.
  const IngestReport& elements_input() const;
};

// Reads and resolves everything the spec names. Every file is checked before the long inventory
// read where it can be (packs, history database), so a wrong option fails at once.
Result<std::unique_ptr<Inputs>> load(RunSpec spec);

// Which analyses to run. Each needs its inputs: policy needs packs, capacity a pack with an
// evaluation section, topology a topology, a cascade BOMs.
struct AnalysisRequest {
  bool assess = true;
  bool policy = true;
  bool capacity = true;
  bool topology = true;
  bool designated = false;  // the per-element designated flags (snapshots)
  std::optional<CascadeScenario> cascade;
};

// A cascade to run on a state: a scenario over a BOM set.
struct CascadeRun {
  CascadeScenario scenario;
  const BomSet* bom = nullptr;
};

// How analyse() runs on a state: the parts of a RunSpec that matter once inputs are loaded.
struct AnalysisOptions {
  std::vector<std::string> lists, lose;
  const std::vector<Pack>* packs = nullptr;  // null or empty: no policy
  unsigned threads = 0;
  std::size_t top = 10;
  bool assess = true, policy = true, capacity = true, topology = true, designated = false;
  std::vector<CascadeRun> cascades;
  std::function<void(const char*)> stage_done;
};

// The results of one analyse() call; absent parts were not asked for or had no inputs.
struct Analysis {
  std::optional<AssessReport> assess;
  std::optional<PolicyContext> policy_context;  // the context policy and its renderers read
  std::optional<PolicyReport> policy;
  std::optional<EvaluationReport> evaluation;
  std::unique_ptr<TopologyRun> topology;
  std::optional<TopologyResults> topology_results;  // for rendering; points into topology
  std::optional<std::vector<std::uint8_t>> designated;
  std::unique_ptr<TopologyGraph> cascade_graph;  // the graph a cascade without topology analyses used
  std::vector<CascadeReport> cascades;
};

// The analyses of one loaded run, as its spec and the request say.
Result<Analysis> analyse(const Inputs& inputs, const AnalysisRequest& what = {});
// The analyses of any state (what-if's before and after).
Result<Analysis> analyse(const NetworkState& state, const AnalysisOptions& options);

// What a snapshot of this run says about itself (snapshot add).
SnapshotInfo snapshot_info(const Inputs& inputs, std::string label, Date taken, std::string kitwatch_version);
// Stores the run's elements and metrics as a snapshot; analysis needs assess and designated.
Status add_snapshot(SnapshotStore& store, const Inputs& inputs, const Analysis& analysis, SnapshotInfo info);

}  // namespace kitwatch
