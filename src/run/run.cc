// One run: load() reads everything a RunSpec names, analyse() runs the analyses. See run.h.
#include "run/run.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "base/threads.h"

namespace kitwatch {
namespace {

// A state without demands still routes nothing: the analyses take an empty table.
const DemandTable& no_demands() {
  static const DemandTable empty;
  return empty;
}

void stage(const std::function<void(const char*)>& stage_done, const char* name) {
  if (stage_done) stage_done(name);
}

// A links file named *.graphml is a Topology Zoo network, whose nodes are matched to inventory
// elements (by node id, then label) and whose Latitude/Longitude place them on the map.
bool is_graphml(const std::string& path) {
  std::string extension = std::filesystem::path(path).extension().string();
  for (char& ch : extension) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return extension == ".graphml";
}

// The snapshot history the report draws (designated share over the snapshots). The database is
// only read, never created or migrated.
Result<std::vector<ShareHistoryPoint>> read_share_history(const RunSpec& spec) {
  if (spec.history_db.empty()) return std::vector<ShareHistoryPoint>{};
  std::error_code error;
  if (!spec.history_required && !std::filesystem::exists(spec.history_db, error)) {
    return std::vector<ShareHistoryPoint>{};
  }
  auto store = SnapshotStore::open(spec.history_db, SnapshotStore::Mode::kReadOnly);
  if (!store.ok()) return store.status();
  auto history = (*store)->history();
  if (!history.ok()) return history.status();
  return share_history(*history);
}

Status check_topology_spec(const RunSpec& spec) {
  const int sources = !spec.links.empty() + !spec.graphml.empty() + !spec.sndlib.empty();
  if (sources > 1) return Status::usage("give at most one of --links, --graphml, --sndlib");
  if (!spec.links.empty() && spec.inventories.empty()) {
    return Status::usage("--links needs an INVENTORY: its endpoints are element ids");
  }
  if (!spec.demands.empty() && sources == 0) {
    return Status::usage("--demands needs a topology (--links, --graphml or --sndlib)");
  }
  if (!spec.node_map.empty() && spec.graphml.empty() && spec.sndlib.empty()) {
    return Status::usage("--node-map needs --graphml or --sndlib");
  }
  return Status();
}

Status read_inventories(const RunSpec& spec, Inputs& in) {
  if (spec.inventories.size() >= kMaxSourceFiles) {
    return Status::usage(fmt::format("{} inventory files: at most {} can be read in one run", spec.inventories.size(),
                                     kMaxSourceFiles - 1));
  }
  std::map<std::string, std::string> prefixes;
  for (const std::string& given : spec.id_prefixes) {
    const std::size_t eq = given.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == given.size()) {
      return Status::usage(fmt::format("--id-prefix '{}': expected FILE=PREFIX", given));
    }
    const std::string file = given.substr(0, eq);
    if (std::find(spec.inventories.begin(), spec.inventories.end(), file) == spec.inventories.end()) {
      return Status::usage(fmt::format("--id-prefix '{}': '{}' is not one of the inventories given", given, file));
    }
    prefixes[file] = given.substr(eq + 1);
  }
  std::vector<std::string> read;  // the files read so far, to say which ones share ids
  for (const std::string& path : spec.inventories) {
    IngestOptions options = spec.ingest;
    options.threads = spec.threads;
    if (auto it = prefixes.find(path); it != prefixes.end()) options.id_prefix = it->second;
    if (spec.progress) {
      options.progress = [&](std::uint64_t done, std::uint64_t total) { spec.progress(path, done, total); };
    }
    const auto duplicates = [&in] {
      auto it = in.ingest.rejected_by_reason.find("duplicate id");
      return it == in.ingest.rejected_by_reason.end() ? std::uint64_t{0} : it->second;
    };
    const std::uint64_t before = duplicates();
    if (Status s = ingest_inventory(path, options, in.store, in.ingest); !s.ok()) return s;
    // Two operators' files with overlapping ids: say which files collide and how to keep both.
    if (const std::uint64_t shared = duplicates() - before; shared > 0 && !read.empty() && spec.warn) {
      std::string earlier;
      for (const std::string& f : read) earlier += (earlier.empty() ? "" : ", ") + f;
      spec.warn(
          fmt::format("{}: {} rows rejected for ids already used in this run (files read before it: {}); if "
                      "they are different elements, give each file its own ids with --id-prefix {}=PREFIX",
                      path, shared, earlier, path));
    }
    read.push_back(path);
  }
  if (Status s = finish_inventory(spec.ingest, in.store, in.ingest); !s.ok()) return s;
  return check_row_accounting(in.ingest, in.store.size());
}

// The topology file's node → element pairs: a two-column CSV (node, element) with a header row.
Status node_map_of(const RunSpec& spec, AttachOptions& attach) {
  if (spec.node_map.empty()) return Status();
  return read_node_map(spec.node_map, spec.ingest.max_file_bytes, attach.node_map);
}

Status read_topology_inputs(const RunSpec& spec, Inputs& in) {
  if (spec.links.empty() && spec.graphml.empty() && spec.sndlib.empty()) return Status();
  TopologyInputs& t = in.topology.emplace();
  if (!spec.links.empty() && !is_graphml(spec.links)) {
    IngestReport& report = t.reports.emplace_back("links", IngestReport{}).second;
    if (Status s = ingest_links(spec.links, spec.ingest, in.store, t.links, report); !s.ok()) return s;
  } else if (!spec.links.empty()) {
    if (in.store.size() == 0) {
      return Status::usage(fmt::format("--links {}: the inventory has no elements to match its nodes to", spec.links));
    }
    auto file = read_topology_file(spec.links, false, spec.ingest.max_file_bytes);
    if (!file.ok()) return file.status();
    IngestReport& report = t.reports.emplace_back("links", IngestReport{}).second;
    if (Status s = attach_topology(*file, AttachOptions{}, in.store, t.links, t.demands, report); !s.ok()) return s;
    t.coordinates = coordinates_from(*file, in.store);
  } else {
    const bool sndlib = spec.graphml.empty();
    auto file = read_topology_file(sndlib ? spec.sndlib : spec.graphml, sndlib, spec.ingest.max_file_bytes);
    if (!file.ok()) return file.status();
    AttachOptions attach = spec.attach;
    if (Status s = node_map_of(spec, attach); !s.ok()) return s;
    // Without an inventory the file's nodes become the elements (a demo).
    const bool demo = in.store.size() == 0;
    IngestReport& report = t.reports.emplace_back("nodes", IngestReport{}).second;
    if (Status s = attach_topology(*file, attach, in.store, t.links, t.demands, report); !s.ok()) return s;
    if (demo) in.store.link_uplinks();
    t.coordinates = coordinates_from(*file, in.store, attach.node_map);
  }
  if (!spec.demands.empty()) {
    t.has_demands = true;
    IngestReport& report = t.reports.emplace_back("demands", IngestReport{}).second;
    if (Status s = ingest_demands(spec.demands, spec.ingest, in.store, t.demands, report); !s.ok()) return s;
  }
  return Status();
}

}  // namespace

NetworkState Inputs::state() const {
  NetworkState s{&store, registry.get(), &resolution, as_of, nullptr, nullptr};
  if (topology) {
    s.links = &topology->links;
    // Demands from --demands or from the topology file itself (SNDlib).
    if (topology->has_demands || topology->demands.size() > 0) s.demands = &topology->demands;
  }
  return s;
}

const IngestReport& Inputs::elements_input() const {
  if (ingest.files.empty() && topology && !topology->reports.empty()) return topology->reports.front().second;
  return ingest;
}

namespace {

// Each path of names in text replaced by its display name.
void replace_paths(std::string& text, const std::map<std::string, std::string>& names) {
  for (const auto& [path, name] : names) {
    if (path.empty()) continue;
    for (std::size_t at = text.find(path); at != std::string::npos; at = text.find(path, at + name.size())) {
      text.replace(at, path.size(), name);
    }
  }
}

// Every file name the loaded inputs carry, as spec.display_names says to name it.
void name_inputs(Inputs& in) {
  const auto& names = in.spec.display_names;
  const auto rename = [&](std::string& file) {
    if (const auto it = names.find(file); it != names.end()) file = it->second;
  };
  const auto rename_report = [&](IngestReport& report) {
    for (std::string& f : report.files) rename(f);
    for (std::vector<RowError>* errors :
         {&report.first_errors, &report.first_dangling, &report.first_implausible_installed}) {
      for (RowError& e : *errors) {
        rename(e.where.file);
        replace_paths(e.message, names);  // messages name files too ("id 'X' was already used at FILE:2")
      }
    }
  };
  for (std::string& f : in.store.source_files) rename(f);
  rename_report(in.ingest);
  if (in.topology) {
    for (auto& [kind, report] : in.topology->reports) rename_report(report);
  }
}

// A message naming files by spec.display_names instead of their paths.
Status named(const Status& status, const std::map<std::string, std::string>& names) {
  std::string message = status.message();
  replace_paths(message, names);
  switch (status.kind()) {
    case ErrorKind::kUsage:
      return Status::usage(message);
    case ErrorKind::kIo:
      return Status::io(message);
    case ErrorKind::kInternal:  // Status::internal adds its prefix again
      return Status::internal(message.starts_with("internal error: ") ? message.substr(16) : message);
    case ErrorKind::kFindings:
      return Status::findings(message);
    case ErrorKind::kIncomplete:
      return Status::incomplete(message);
    case ErrorKind::kInput:
      break;
  }
  return Status::input(message);
}

Result<std::unique_ptr<Inputs>> load_named(RunSpec spec);

}  // namespace

Result<std::unique_ptr<Inputs>> load(RunSpec spec) {
  auto names = spec.display_names;
  auto in = load_named(std::move(spec));
  if (!in.ok()) return names.empty() ? in.status() : named(in.status(), names);
  name_inputs(**in);
  return in;
}

namespace {

Result<std::unique_ptr<Inputs>> load_named(RunSpec spec) {
  auto in = std::make_unique<Inputs>();
  in->spec = std::move(spec);
  const RunSpec& s = in->spec;
  // What can fail fast does, before the long inventory read: the options, the database, the packs.
  if (Status status = check_topology_spec(s); !status.ok()) return status;
  auto history = read_share_history(s);
  if (!history.ok()) return history.status();
  in->history = std::move(*history);
  if (!s.policies.empty()) {
    auto packs = load_policy_packs(s.policies, s.ingest.max_file_bytes);
    if (!packs.ok()) return packs.status();
    in->packs = std::move(*packs);
  }
  in->as_of = s.as_of ? *s.as_of : system_clock().today();
  auto sources = Registry::builtin_sources(s.registry_overlays, s.ingest.max_file_bytes);
  if (!sources.ok()) return sources.status();
  in->registry_sources = std::move(*sources);
  auto registry = Registry::load(in->registry_sources);
  if (!registry.ok()) return registry.status();
  in->registry = std::make_unique<Registry>(std::move(*registry));
  auto macs = MacRegistry::load(s.ieee_dir);
  if (!macs.ok()) return macs.status();
  in->macs = std::make_unique<MacRegistry>(std::move(*macs));
  // A demo without inventory has no MACs to miss.
  if (!in->macs->available() && !s.inventories.empty() && s.warn) {
    s.warn(fmt::format("no IEEE MAC registry in {} (install Debian's ieee-data): MAC evidence is off", s.ieee_dir));
  }
  if (Status status = read_inventories(s, *in); !status.ok()) return status;
  stage(s.stage_done, "read");
  if (Status status = read_topology_inputs(s, *in); !status.ok()) return status;
  for (const std::string& path : s.boms) {
    if (Status status = read_bom_file(path, in->bom, s.ingest.max_file_bytes); !status.ok()) return status;
  }
  if (in->topology || !s.boms.empty()) stage(s.stage_done, "inputs");
  ResolveOptions resolve_options;
  resolve_options.threads = s.threads;
  in->resolution = resolve(in->store, *in->registry, *in->macs, in->as_of, resolve_options);
  stage(s.stage_done, "resolve");
  return in;
}

}  // namespace

Result<Analysis> analyse(const NetworkState& state, const AnalysisOptions& options) {
  const ElementStore& store = *state.store;
  const Registry& registry = *state.registry;
  const Resolution& resolution = *state.resolution;
  const unsigned threads = worker_threads(options.threads);
  Analysis out;
  if (options.assess) {
    auto report = assess(store, registry, resolution, AssessOptions{state.as_of, options.lists, options.top});
    if (!report.ok()) return report.status();
    out.assess = std::move(*report);
    stage(options.stage_done, "metrics");
  }
  out.policy_context.emplace(PolicyContext{store, registry, resolution, state.as_of, threads});
  if (options.policy && options.packs && !options.packs->empty()) {
    auto report = evaluate_policies(*options.packs, *out.policy_context);
    if (!report.ok()) return report.status();
    out.policy = std::move(*report);
    stage(options.stage_done, "policy");
    // A pack's evaluation section adds the mitigation capacity verdict (docs/evaluation.md).
    if (const Pack* pack = options.capacity ? evaluation_pack(out.policy->packs) : nullptr) {
      auto capacity = evaluate_capacity(*pack->evaluation, store, registry, resolution, state.as_of);
      if (!capacity.ok()) return capacity.status();
      capacity->pack = pack->name;
      out.evaluation = std::move(*capacity);
    }
  }
  const DemandTable& demands = state.demands ? *state.demands : no_demands();
  if (options.topology && state.links) {
    auto run =
        analyse_topology(store, registry, resolution, *state.links, demands,
                         TopologyRunOptions{options.lists, options.lose, state.as_of, threads, options.stage_done});
    if (!run.ok()) return run.status();
    out.topology = std::move(*run);
    out.topology_results = topology_results(*out.topology, store, registry, resolution, demands);
    out.topology_results->top = options.top;
    stage(options.stage_done, "topology");
  }
  if (options.designated || !options.cascades.empty()) {
    auto designated = designated_elements(store, registry, resolution, options.lists, state.as_of);
    if (!designated.ok()) return designated.status();
    out.designated = std::move(*designated);
  }
  for (const CascadeRun& cascade : options.cascades) {
    // With a topology, the cascade also reports what the affected elements' loss cuts off.
    CascadeOptions cascade_options{state.as_of};
    if (state.links) {
      if (!out.topology && !out.cascade_graph) {
        out.cascade_graph = std::make_unique<TopologyGraph>(build_topology(store, *state.links, demands));
      }
      cascade_options.graph = out.topology ? &out.topology->graph : out.cascade_graph.get();
      cascade_options.demands = &demands;
    }
    auto report =
        run_cascade(*cascade.bom, store, registry, resolution, *out.designated, cascade.scenario, cascade_options);
    if (!report.ok()) return report.status();
    out.cascades.push_back(std::move(*report));
  }
  if (!options.cascades.empty()) stage(options.stage_done, "cascade");
  return out;
}

Result<Analysis> analyse(const Inputs& inputs, const AnalysisRequest& what) {
  const RunSpec& spec = inputs.spec;
  AnalysisOptions options;
  options.lists = spec.lists;
  options.lose = spec.lose;
  options.packs = &inputs.packs;
  options.threads = spec.threads;
  options.top = spec.top;
  options.assess = what.assess;
  options.policy = what.policy;
  options.capacity = what.capacity;
  options.topology = what.topology;
  options.designated = what.designated;
  if (what.cascade) options.cascades.push_back(CascadeRun{*what.cascade, &inputs.bom});
  options.stage_done = spec.stage_done;
  auto out = analyse(inputs.state(), options);
  if (!out.ok()) return out.status();
  if (out->topology_results) {
    for (const auto& [name, report] : inputs.topology->reports)
      out->topology_results->inputs.emplace_back(name, &report);
  }
  return out;
}

SnapshotInfo snapshot_info(const Inputs& inputs, std::string label, Date taken, std::string kitwatch_version) {
  SnapshotInfo info;
  info.label = std::move(label);
  info.taken = taken;
  info.as_of = inputs.as_of;
  info.registry_version = inputs.registry->version();
  info.registry_date = inputs.registry->date();
  info.kitwatch_version = std::move(kitwatch_version);
  info.lists = inputs.spec.lists;
  info.inputs = inputs.spec.inventories;
  info.rows_read = inputs.ingest.rows_read;
  info.rows_rejected = inputs.ingest.rejected;
  for (const Pack& pack : inputs.packs) info.policies.push_back({pack.name, pack.title, pack.source});
  return info;
}

Status add_snapshot(SnapshotStore& store, const Inputs& inputs, const Analysis& analysis, SnapshotInfo info) {
  if (!analysis.assess || !analysis.designated) {
    return Status::internal("add_snapshot: the analysis has no assessment or designated flags");
  }
  return store.add(SnapshotSource{std::move(info), &inputs.store, inputs.registry.get(), &inputs.resolution,
                                  &*analysis.assess, &*analysis.designated});
}

}  // namespace kitwatch
