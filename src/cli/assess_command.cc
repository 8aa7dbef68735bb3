// kitwatch assess: read inventories, resolve makers, measure designated and unknown shares.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "assess/assess.h"
#include "cli/commands.h"
#include "cli/inputs.h"
#include "evaluation/evaluation.h"
#include "policy/policy.h"
#include "report/report.h"
#include "snapshot/snapshot.h"
#include "topology/topology.h"

namespace kitwatch {
namespace {

struct AssessArgs {
  InputArgs input;
  std::string format = "text", output, links, demands, db = kDefaultSnapshotDb;
  bool db_given = false;  // --db on the command line: its absence is then an error
  std::vector<std::string> lists, lose, policies;
  unsigned threads = 0;
  bool timings = false;
  std::size_t top = 10;
};

// The snapshot history the report draws (designated share over the snapshots). The database is
// only read, never created or migrated: the default one is used when it exists, and a --db that
// does not exist is an error naming it.
Result<std::vector<ShareHistoryPoint>> read_share_history(const AssessArgs& args) {
  std::error_code error;
  if (!args.db_given && !std::filesystem::exists(args.db, error)) return std::vector<ShareHistoryPoint>{};
  auto store = SnapshotStore::open(args.db, SnapshotStore::Mode::kReadOnly);
  if (!store.ok()) return store.status();
  auto history = (*store)->history();
  if (!history.ok()) return history.status();
  return share_history(*history);
}

// A links file named *.graphml is a Topology Zoo network, whose nodes are matched to inventory
// elements (by node id, then label) and whose Latitude/Longitude place them on the map.
bool is_graphml(const std::string& path) {
  std::string extension = std::filesystem::path(path).extension().string();
  for (char& ch : extension) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return extension == ".graphml";
}

// The --links file into links (and, for GraphML, coordinates).
Status read_links(const std::string& path, LoadedInputs& inputs, LinkTable& links, DemandTable& demands,
                  IngestReport& report, std::optional<ElementCoordinates>& coordinates) {
  if (!is_graphml(path)) return ingest_links(path, inputs.options, inputs.store, links, report);
  if (inputs.store.size() == 0) {
    return Status::usage(fmt::format("--links {}: the inventory has no elements to match its nodes to", path));
  }
  auto file = read_topology_file(path, false);
  if (!file.ok()) return file.status();
  if (Status s = attach_topology(*file, AttachOptions{}, inputs.store, links, demands, report); !s.ok()) return s;
  coordinates = coordinates_from(*file, inputs.store);
  return Status();
}

// The report in one of the formats rendered as one string (text, html, md).
Result<std::string> render_assess_report(const AssessContext& context, const std::string& format,
                                         const std::string& policy_text) {
  if (format == "html") return render_html(context);
  if (format == "md") return render_markdown(context);
  return render_text(context) + policy_text;
}

// CSV is one file per table, so -o names a folder.
Status emit_csv_report(const AssessContext& context, const std::string& folder, bool quiet,
                       const std::function<std::string()>& summary) {
  if (folder.empty()) return Status::usage("--format csv writes one file per table: give a folder with -o DIR");
  auto written = write_csv_tables(context, folder);
  if (!written.ok()) return written.status();
  if (!quiet) fmt::print("{}\nWrote {} CSV tables to {}\n", summary(), written->size(), folder);
  return Status();
}

Status run_assess(const AssessArgs& args) {
  // The database is checked before the long load, so a wrong --db fails at once.
  auto history = read_share_history(args);
  if (!history.ok()) return history.status();
  StageTimer timer(args.timings);
  auto in = load_inputs(args.input, timer);
  if (!in.ok()) return in.status();
  LoadedInputs& inputs = **in;
  auto report =
      assess(inputs.store, *inputs.registry, inputs.resolution, AssessOptions{inputs.as_of, args.lists, args.top});
  if (!report.ok()) return report.status();
  timer.stage("metrics");
  const PolicyContext policy_context{inputs.store, *inputs.registry, inputs.resolution, inputs.as_of};
  std::optional<PolicyReport> policy;
  if (!args.policies.empty()) {
    auto packs = load_policy_packs(args.policies);
    if (!packs.ok()) return packs.status();
    auto evaluated = evaluate_policies(std::move(*packs), policy_context);
    if (!evaluated.ok()) return evaluated.status();
    policy = std::move(*evaluated);
    timer.stage("policy");
  }
  // A pack's evaluation section adds the mitigation capacity verdict (docs/evaluation.md).
  std::string capacity_text;
  std::optional<double> utilisation;
  if (const Pack* pack = policy ? evaluation_pack(policy->packs) : nullptr) {
    auto capacity =
        evaluate_capacity(*pack->evaluation, inputs.store, *inputs.registry, inputs.resolution, inputs.as_of);
    if (!capacity.ok()) return capacity.status();
    capacity->pack = pack->name;
    capacity_text = "\n" + render_evaluation_text(*capacity);
    utilisation = capacity->utilisation;
  }
  // With --links, the topology analyses join the report (the same ones `kitwatch topo` runs).
  LinkTable links;
  DemandTable demands;
  IngestReport link_report, demand_report;
  std::unique_ptr<TopologyRun> topology;
  TopologyResults topology_view;
  std::optional<ElementCoordinates> coordinates;
  if (!args.links.empty()) {
    if (Status s = read_links(args.links, inputs, links, demands, link_report, coordinates); !s.ok()) return s;
    if (!args.demands.empty()) {
      if (Status s = ingest_demands(args.demands, inputs.options, inputs.store, demands, demand_report); !s.ok()) {
        return s;
      }
    }
    auto run = analyse_topology(inputs.store, *inputs.registry, inputs.resolution, links, demands,
                                TopologyRunOptions{args.lists, args.lose, inputs.as_of, args.threads, {}});
    if (!run.ok()) return run.status();
    topology = std::move(*run);
    topology_view = topology_results(*topology, inputs.store, *inputs.registry, inputs.resolution, demands);
    topology_view.inputs.emplace_back("links", &link_report);
    if (!args.demands.empty()) topology_view.inputs.emplace_back("demands", &demand_report);
    timer.stage("topology");
  }

  const AssessContext context{*report,
                              inputs.ingest,
                              *inputs.registry,
                              inputs.resolution,
                              args.links.empty() ? nullptr : &link_report,
                              topology ? &topology_view : nullptr,
                              policy ? &*policy : nullptr,
                              &policy_context,
                              history->empty() ? nullptr : &*history,
                              coordinates ? &*coordinates : nullptr,
                              utilisation,
                              {}};
  const std::string policy_text =
      policy ? "\n" + render_policy_text(*policy, policy_context) + capacity_text : std::string();
  const auto summary = [&] { return args.format == "text" ? std::string() : render_text(context) + policy_text; };
  if (args.format == "csv") {
    if (Status s = emit_csv_report(context, args.output, args.input.quiet, summary); !s.ok()) return s;
  } else if (args.format == "json") {
    const auto write = [&](std::ostream& out) { write_json(context, out); };
    if (Status s = emit_report_with(args.output, write, args.input.quiet, summary); !s.ok()) return s;
  } else {
    auto rendered = render_assess_report(context, args.format, policy_text);
    if (!rendered.ok()) return rendered.status();
    if (Status s = emit_report(args.output, *rendered, args.input.quiet, summary); !s.ok()) return s;
  }
  timer.stage("report");
  if (args.timings) {
    const auto store_bytes = static_cast<double>(inputs.store.memory_bytes());
    fmt::print(stderr, "{}; {} elements, store {:.1f} MB ({:.0f} bytes per element)\n", timer.summary(),
               inputs.store.size(), store_bytes / 1e6,
               store_bytes / static_cast<double>(std::max<std::size_t>(1, inputs.store.size())));
  }
  return Status();
}

}  // namespace

CommandRunner add_assess_command(CLI::App& app) {
  auto args = std::make_shared<AssessArgs>();
  CLI::App* cmd = app.add_subcommand(
      "assess", "Measure designated and unknown shares per network function, as of a date, from inventories");
  add_input_options(*cmd, args->input);
  cmd->add_option("--format", args->format, "Report format")
      ->check(CLI::IsMember({"text", "json", "html", "md", "csv"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", args->output,
                  "Write the report here (a folder for --format csv); the text summary still goes to stdout");
  cmd->add_option("--links", args->links,
                  "Links CSV (a, b, cost, capacity) between element ids, or a Topology Zoo .graphml whose nodes "
                  "are element ids or names: adds the topology analyses and the map")
      ->check(CLI::ExistingFile);
  cmd->add_option("--demands", args->demands, "Demands CSV (src, dst, volume), with --links: adds traffic exposure")
      ->check(CLI::ExistingFile);
  cmd->add_option("--lose", args->lose, "With --links, also report the loss of ENTITY, LIST or COUNTRY (repeatable)");
  cmd->add_option(
      "--policy", args->policies,
      "Also evaluate these policy packs (shipped name or file; repeatable; `kitwatch check` is the CI gate)");
  cmd->add_option("--threads", args->threads, "Threads for exposure (0 = one per core)")->capture_default_str();
  cmd->add_option("--lists", args->lists, "Designation lists that count (default: all in the registry)")
      ->delimiter(',');
  cmd->add_option("--top", args->top, "How many manufacturers and unresolved vendor strings to list")
      ->capture_default_str();
  CLI::Option* db = cmd->add_option("--db", args->db,
                                    "Snapshot database whose history the report charts (only read; the default is "
                                    "skipped when absent, a path given here must exist)")
                        ->capture_default_str();
  cmd->add_flag("--timings", args->timings, "Print wall time per stage and peak memory to stderr");
  return [args, db] {
    args->db_given = db->count() > 0;
    return run_assess(*args);
  };
}

}  // namespace kitwatch
