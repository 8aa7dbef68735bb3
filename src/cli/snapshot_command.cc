// kitwatch snapshot add|list|diff and kitwatch history: the snapshot store (docs/snapshots.md).
// `snapshot add` runs the same loading and assessment as `assess`, then hands the results to the
// engine's SnapshotStore; everything else only reads the database and prints.
#include <fmt/format.h>
#include <sys/resource.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "assess/assess.h"
#include "cli/commands.h"
#include "cli/inputs.h"
#include "policy/policy.h"
#include "snapshot/snapshot.h"

namespace kitwatch {
namespace {

using Json = nlohmann::ordered_json;

struct SnapshotArgs {
  InputArgs input;
  std::string db = kDefaultSnapshotDb, label, taken, format = "text", from, to;
  std::vector<std::string> lists, policies;
  std::size_t limit = 50;
};

Result<std::unique_ptr<SnapshotStore>> open_store(const std::string& path, bool create) {
  return SnapshotStore::open(path, create ? SnapshotStore::Mode::kCreateIfMissing : SnapshotStore::Mode::kOpenExisting);
}

Json info_json(const SnapshotInfo& info) {
  Json policies = Json::array();
  for (const SnapshotPolicy& p : info.policies)
    policies.push_back({{"name", p.name}, {"title", p.title}, {"source", p.source}});
  return {{"label", info.label},
          {"taken", info.taken.to_string()},
          {"as_of", info.as_of.to_string()},
          {"elements", info.elements},
          {"rows_read", info.rows_read},
          {"rows_rejected", info.rows_rejected},
          {"registry", {{"version", info.registry_version}, {"date", info.registry_date}}},
          {"lists", info.lists},
          {"policies", policies},
          {"inputs", info.inputs},
          {"kitwatch_version", info.kitwatch_version}};
}

void print_json(const Json& json) {
  fmt::print("{}\n", json.dump(2));
}

std::string percent(std::optional<double> share) {
  return share ? fmt::format("{:.1f}%", *share * 100) : std::string("-");
}

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

Status run_add(const SnapshotArgs& args) {
  if (args.label.empty()) return Status::usage("snapshot add: --label is required");
  Date taken = system_clock().today();
  if (!args.taken.empty()) {
    const auto parsed = Date::parse(args.taken);
    if (!parsed) return Status::usage(fmt::format("--taken {}: expected a real date as YYYY-MM-DD", args.taken));
    taken = *parsed;
  }
  // Open (and check) the database before the long load, so a wrong --db fails at once.
  auto store = open_store(args.db, true);
  if (!store.ok()) return store.status();
  StageTimer timer;
  auto in = load_inputs(args.input, timer);
  if (!in.ok()) return in.status();
  LoadedInputs& inputs = **in;
  auto report = assess(inputs.store, *inputs.registry, inputs.resolution, AssessOptions{inputs.as_of, args.lists, 10});
  if (!report.ok()) return report.status();
  auto designated = designated_elements(inputs.store, *inputs.registry, inputs.resolution, args.lists, inputs.as_of);
  if (!designated.ok()) return designated.status();
  SnapshotSource source;
  source.info.label = args.label;
  source.info.taken = taken;
  source.info.as_of = inputs.as_of;
  source.info.registry_version = inputs.registry->version();
  source.info.registry_date = inputs.registry->date();
  source.info.kitwatch_version = KITWATCH_VERSION;
  source.info.lists = args.lists;
  source.info.inputs = args.input.inventories;
  source.info.rows_read = inputs.ingest.rows_read;
  source.info.rows_rejected = inputs.ingest.rejected;
  if (!args.policies.empty()) {
    auto packs = load_policy_packs(args.policies);
    if (!packs.ok()) return packs.status();
    for (const Pack& pack : *packs) source.info.policies.push_back({pack.name, pack.title, pack.source});
  }
  source.store = &inputs.store;
  source.registry = inputs.registry.get();
  source.resolution = &inputs.resolution;
  source.report = &*report;
  source.designated = &*designated;
  timer.stage("assess");
  const double cpu_before = cpu_seconds();
  if (Status s = (*store)->add(source); !s.ok()) return s;
  const double store_cpu = cpu_seconds() - cpu_before;
  timer.stage("store");
  if (!args.input.quiet) {
    // CPU time beside wall time: on a shared machine the wall time says little about the import.
    fmt::print("snapshot '{}' (taken {}) stored in {}: {} elements; {}; store CPU {:.1f} s\n", args.label,
               taken.to_string(), args.db, inputs.store.size(), timer.summary(), store_cpu);
  }
  return Status();
}

Status run_list(const SnapshotArgs& args) {
  auto store = open_store(args.db, false);
  if (!store.ok()) return store.status();
  auto list = (*store)->list();
  if (!list.ok()) return list.status();
  if (args.format == "json") {
    Json out = Json::array();
    for (const SnapshotInfo& info : *list) out.push_back(info_json(info));
    print_json({{"db", args.db}, {"snapshots", out}});
    return Status();
  }
  fmt::print("{:<24} {:<10} {:<10} {:>12}  {}\n", "label", "taken", "as of", "elements", "registry");
  for (const SnapshotInfo& info : *list) {
    fmt::print("{:<24} {:<10} {:<10} {:>12}  {} ({})\n", info.label, info.taken.to_string(), info.as_of.to_string(),
               info.elements, info.registry_version, info.registry_date);
  }
  if (list->empty()) fmt::print("(no snapshots in {})\n", args.db);
  return Status();
}

Json element_json(const SnapshotElement& e) {
  return {{"id", e.id},
          {"function", e.function},
          {"site", e.site},
          {"manufacturer", e.manufacturer},
          {"model", e.model},
          {"software_version", e.software_version},
          {"designated", e.designated}};
}

Json diff_json(const SnapshotDiff& diff) {
  Json added = Json::array(), removed = Json::array(), changed = Json::array(), metrics = Json::array();
  for (const auto& e : diff.added) added.push_back(element_json(e));
  for (const auto& e : diff.removed) removed.push_back(element_json(e));
  for (const auto& c : diff.changed) {
    changed.push_back({{"id", c.id}, {"field", c.field}, {"before", c.before}, {"after", c.after}});
  }
  for (const MetricChange& m : diff.metrics) {
    metrics.push_back({{"scope", m.scope},
                       {"measure", m.measure},
                       {"quantity", m.quantity},
                       {"before", m.before ? Json(*m.before) : Json()},
                       {"after", m.after ? Json(*m.after) : Json()},
                       {"delta", m.delta()}});
  }
  return {{"from", info_json(diff.from)},
          {"to", info_json(diff.to)},
          {"counts",
           {{"added", diff.added_count},
            {"removed", diff.removed_count},
            {"changed_elements", diff.changed_elements},
            {"changes", diff.change_count}}},
          {"added", added},
          {"removed", removed},
          {"changed", changed},
          {"metrics", metrics}};
}

std::string number(std::optional<double> v) {
  if (!v) return "-";
  return *v == static_cast<double>(static_cast<long long>(*v)) ? fmt::format("{}", static_cast<long long>(*v))
                                                               : fmt::format("{:.4f}", *v);
}

void print_diff_text(const SnapshotDiff& diff) {
  fmt::print("{} ({}) -> {} ({})\n", diff.from.label, diff.from.taken.to_string(), diff.to.label,
             diff.to.taken.to_string());
  fmt::print("elements: {} added, {} removed, {} changed ({} field changes)\n", diff.added_count, diff.removed_count,
             diff.changed_elements, diff.change_count);
  const auto more = [&](std::size_t shown, std::uint64_t total) {
    if (shown < total) fmt::print("  ... {} more (raise --limit, or --format json)\n", total - shown);
  };
  const auto print_elements = [&](const char* title, const std::vector<SnapshotElement>& list, std::uint64_t total) {
    if (total == 0) return;
    fmt::print("\n{}\n", title);
    for (const auto& e : list) {
      fmt::print("  {:<20} {:<12} {:<16} {} {} {}{}\n", e.id, e.function, e.site, e.manufacturer, e.model,
                 e.software_version, e.designated ? "  designated" : "");
    }
    more(list.size(), total);
  };
  print_elements("Added", diff.added, diff.added_count);
  print_elements("Removed", diff.removed, diff.removed_count);
  if (diff.change_count > 0) {
    fmt::print("\nChanged\n");
    const auto shown = [](const std::string& v) { return v.empty() ? std::string("(none)") : v; };
    for (const auto& c : diff.changed) {
      fmt::print("  {:<20} {:<17} {} -> {}\n", c.id, c.field, shown(c.before), shown(c.after));
    }
    more(diff.changed.size(), diff.change_count);
  }
  fmt::print("\nMetrics that changed (scope/measure/quantity: before -> after, delta)\n");
  std::size_t printed = 0;
  for (const MetricChange& m : diff.metrics) {
    if (m.before && m.after && *m.before == *m.after) continue;
    fmt::print("  {:<48} {} -> {} ({:+.4g})\n", m.name(), number(m.before), number(m.after), m.delta());
    ++printed;
  }
  if (printed == 0) fmt::print("  (none)\n");
}

Status run_diff(const SnapshotArgs& args) {
  auto store = open_store(args.db, false);
  if (!store.ok()) return store.status();
  auto diff = (*store)->diff(args.from, args.to, DiffOptions{args.limit});
  if (!diff.ok()) return diff.status();
  if (args.format == "json") {
    print_json(diff_json(*diff));
  } else {
    print_diff_text(*diff);
  }
  return Status();
}

Status run_history(const SnapshotArgs& args) {
  auto store = open_store(args.db, false);
  if (!store.ok()) return store.status();
  auto history = (*store)->history();
  if (!history.ok()) return history.status();
  if (args.format == "json") {
    Json points = Json::array();
    for (const HistoryPoint& p : *history) {
      Json metrics = Json::array();
      for (const Metric& m : p.metrics) {
        metrics.push_back({{"scope", m.scope}, {"measure", m.measure}, {"quantity", m.quantity}, {"value", m.value}});
      }
      points.push_back({{"snapshot", info_json(p.snapshot)}, {"metrics", metrics}});
    }
    print_json({{"db", args.db}, {"history", points}});
    return Status();
  }
  fmt::print("{:<24} {:<10} {:>12} {:>9} {:>9} {:>9} {:>9} {:>8}\n", "label", "taken", "elements", "desig.#",
             "desig.tr", "desig.sub", "unknown#", "HHI#");
  for (const HistoryPoint& p : *history) {
    const auto v = [&](const char* measure, const char* quantity) { return p.value("all", measure, quantity); };
    const auto hhi = v("count", "hhi");
    fmt::print("{:<24} {:<10} {:>12} {:>9} {:>9} {:>9} {:>9} {:>8}\n", p.snapshot.label, p.snapshot.taken.to_string(),
               p.snapshot.elements, percent(v("count", "designated_share")), percent(v("traffic", "designated_share")),
               percent(v("subscribers", "designated_share")), percent(v("count", "unknown_share")),
               hhi ? fmt::format("{:.0f}", *hhi) : "-");
  }
  if (history->empty()) fmt::print("(no snapshots in {})\n", args.db);
  return Status();
}

void add_db_and_format(CLI::App& cmd, SnapshotArgs& args) {
  cmd.add_option("--db", args.db, "Snapshot database (SQLite)")->capture_default_str();
  cmd.add_option("--format", args.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
}

}  // namespace

CommandRunner add_snapshot_command(CLI::App& app) {
  auto args = std::make_shared<SnapshotArgs>();
  CLI::App* cmd = app.add_subcommand("snapshot", "Keep assessments in a SQLite snapshot store; list and diff them");
  cmd->require_subcommand(1);
  CLI::App* add = cmd->add_subcommand("add", "Assess inventories and store the elements and metrics as a snapshot");
  add_input_options(*add, args->input);
  add->add_option("--label", args->label, "Unique name of the snapshot")->required();
  add->add_option("--taken", args->taken, "Date the inventory describes (YYYY-MM-DD; default today)");
  add->add_option("--db", args->db, "Snapshot database (SQLite; created when missing)")->capture_default_str();
  add->add_option("--lists", args->lists, "Designation lists that count (default: all in the registry)")
      ->delimiter(',');
  add->add_option("--policy", args->policies, "Record these policy packs (shipped name or file; repeatable)");
  CLI::App* list = cmd->add_subcommand("list", "List the snapshots, by taken date");
  add_db_and_format(*list, *args);
  CLI::App* diff = cmd->add_subcommand("diff", "Elements added, removed and changed, and every metric's change");
  diff->add_option("from", args->from, "Earlier snapshot label")->required();
  diff->add_option("to", args->to, "Later snapshot label")->required();
  diff->add_option("--limit", args->limit, "Most added, removed and changed entries listed (0 = all)")
      ->capture_default_str();
  add_db_and_format(*diff, *args);
  return [args, add, list, diff] {
    if (add->parsed()) return run_add(*args);
    if (list->parsed()) return run_list(*args);
    if (diff->parsed()) return run_diff(*args);
    return Status::usage("snapshot: expected add, list or diff");
  };
}

CommandRunner add_history_command(CLI::App& app) {
  auto args = std::make_shared<SnapshotArgs>();
  CLI::App* cmd = app.add_subcommand("history", "The metrics of every snapshot over time, by taken date");
  add_db_and_format(*cmd, *args);
  return [args] { return run_history(*args); };
}

}  // namespace kitwatch
