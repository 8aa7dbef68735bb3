// kitwatch snapshot add|list|diff and kitwatch history: the snapshot store (docs/snapshots.md).
// `snapshot add` runs the same load and assessment as `assess` (run/run.h), then hands the results
// to the engine's SnapshotStore; everything else only reads the database and prints.
#include <fmt/format.h>

#include <unistd.h>

#include <filesystem>
#include <functional>
#include <memory>

#include "cli/commands.h"
#include "cli/run_options.h"

namespace kitwatch {
namespace {

struct SnapshotArgs {
  InputArgs input;
  std::string db = kDefaultSnapshotDb, label, taken, format = "text", from, to;
  std::size_t limit = 50;
};

Result<std::unique_ptr<SnapshotStore>> open_store(const std::string& path, bool create) {
  return SnapshotStore::open(path, create ? SnapshotStore::Mode::kCreateIfMissing : SnapshotStore::Mode::kOpenExisting);
}

Status run_add(const SnapshotArgs& args) {
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
  auto spec = run_spec(args.input, timer);
  if (!spec.ok()) return spec.status();
  auto inputs = load(std::move(*spec));
  if (!inputs.ok()) return inputs.status();
  auto analysis = analyse(**inputs, AnalysisRequest{true, false, false, false, true, {}});
  if (!analysis.ok()) return analysis.status();
  timer.stage("assess");
  const double cpu_before = cpu_seconds();
  const Inputs& in = **inputs;
  if (Status s = add_snapshot(**store, in, *analysis, snapshot_info(in, args.label, taken, KITWATCH_VERSION)); !s.ok())
    return s;
  const double store_cpu = cpu_seconds() - cpu_before;
  timer.stage("store");
  if (!args.input.quiet) {
    // CPU time beside wall time: on a shared machine the wall time says little about the import.
    fmt::print("snapshot '{}' (taken {}) stored in {}: {} elements; {}; store CPU {:.1f} s\n", args.label,
               taken.to_string(), args.db, in.store.size(), timer.summary(), store_cpu);
  }
  return Status();
}

// list, diff and history only read the database and print what render makes of it. They open it
// for writing when they may (list upgrades an older schema), and read-only when the file or its
// folder cannot be written, which docs/snapshots.md promises works.
Status run_read(const SnapshotArgs& args, const std::function<Result<std::string>(SnapshotStore&)>& render) {
  const std::string folder = std::filesystem::absolute(args.db).parent_path().string();
  const bool writable = ::access(args.db.c_str(), W_OK) == 0 && ::access(folder.c_str(), W_OK) == 0;
  auto store = writable || ::access(args.db.c_str(), F_OK) != 0
                   ? open_store(args.db, false)
                   : SnapshotStore::open(args.db, SnapshotStore::Mode::kReadOnly);
  if (!store.ok()) return store.status();
  auto out = render(**store);
  if (!out.ok()) return out.status();
  print_for_people(stdout, *out);
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
  add_lists_option(*add, args->input);
  add_policy_option(*add, args->input, "Record these policy packs (shipped name or file; repeatable)");
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
    const bool json = args->format == "json";
    if (list->parsed())
      return run_read(*args, [&](SnapshotStore& s) { return render_snapshot_list(s, args->db, json); });
    if (diff->parsed()) {
      return run_read(*args, [&](SnapshotStore& s) { return render_diff(s, args->from, args->to, args->limit, json); });
    }
    return Status::usage("snapshot: expected add, list or diff");
  };
}

CommandRunner add_history_command(CLI::App& app) {
  auto args = std::make_shared<SnapshotArgs>();
  CLI::App* cmd = app.add_subcommand("history", "The metrics of every snapshot over time, by taken date");
  add_db_and_format(*cmd, *args);
  return [args] {
    return run_read(*args, [&](SnapshotStore& s) { return render_history(s, args->db, args->format == "json"); });
  };
}

}  // namespace kitwatch
