// The background assessments of uploaded inventories: the engine's run (run/run.h) on the stored
// file, its reports rendered once and kept, and its findings stored as rows the violations route
// filters and pages.
#include <fmt/format.h>

#include <chrono>

#include "model/element_store.h"
#include "policy/policy.h"
#include "report/report.h"
#include "run/run.h"
#include "server/server_internal.h"

namespace kitwatch::server {
namespace {

// The shipped packs the upload named, parsed from the binary: the server never reads a pack (or
// anything else) from a path a client gave.
Result<std::vector<Pack>> shipped_packs_named(const std::vector<std::string>& names) {
  auto all = shipped_packs();
  if (!all.ok()) return all.status();
  std::vector<Pack> out;
  for (const std::string& name : names) {
    auto it = std::find_if(all->begin(), all->end(), [&](const Pack& p) { return p.name == name; });
    if (it == all->end()) return Status::usage(fmt::format("policy '{}' is not a shipped pack", name));
    out.push_back(*it);
  }
  return out;
}

// The findings of rules not met, one row per (rule, element). source names the upload as its
// sender named it, not the file the server stored it in.
std::vector<ViolationRow> findings_of(const Inputs& inputs, const Analysis& analysis, const std::string& upload_name) {
  std::vector<ViolationRow> rows;
  if (!analysis.policy || !analysis.policy_context) return rows;
  const PolicyReport& report = *analysis.policy;
  const PolicyContext& ctx = *analysis.policy_context;
  const ElementStore& store = inputs.store;
  for (const RuleResult& r : report.results) {
    if (r.status == RuleStatus::kMet) continue;
    const Pack& pack = report.packs[r.pack];
    const Rule& rule = pack.rules[r.rule];
    for (ElementIndex e : r.elements) {
      const Decision& decision = ctx.resolution.decisions[ctx.resolution.decision_of[e]];
      const RowOrigin& o = store.origin[e];
      ViolationRow v;
      v.pack = pack.name;
      v.rule = rule.id;
      v.status = std::string(rule_status_name(r.status));
      v.severity = rule.severity;
      v.element = std::string(store.id_of(e));
      v.function = std::string(function_name(store.function[e]));
      v.region = std::string(store.regions.view(store.region[e]));
      v.maker = decision.maker == kNoMaker ? "" : ctx.resolution.maker_id(decision.maker, ctx.registry);
      v.controller = decision.controller == kNoEntity ? "" : ctx.registry.entity(decision.controller).id;
      v.source = fmt::format("{}:{}", upload_name, o.line);
      rows.push_back(std::move(v));
    }
  }
  return rows;
}

Json summary_of(const Inputs& inputs, const Analysis& analysis, std::size_t findings) {
  const IngestReport& ingest = inputs.ingest;
  Json out = {{"as_of", inputs.as_of.to_string()},
              {"rows", {{"read", ingest.rows_read}, {"accepted", ingest.accepted}, {"rejected", ingest.rejected}}}};
  if (analysis.policy && analysis.policy_context) {
    const GateVerdict verdict = gate_verdict(*analysis.policy, *analysis.policy_context, ingest);
    out["verdict"] = {{"outcome", std::string(gate_outcome_name(verdict.outcome))}, {"sentence", verdict.sentence}};
  } else {
    out["verdict"] = nullptr;  // no policy asked for: no verdict, rather than an implied "compliant"
  }
  if (analysis.assess) {
    Json shares = {{"all", scope_json(analysis.assess->total)}};
    for (std::size_t f = 0; f < kFunctionCount; ++f) {
      const ScopeSummary& s = analysis.assess->by_function[f];
      if (s.total.count > 0) shares[std::string(function_name(static_cast<Function>(f)))] = scope_json(s);
    }
    out["shares"] = std::move(shares);
    Json regions = Json::object();
    for (const RegionSummary& r : analysis.assess->by_region) regions[r.name] = scope_json(r.scope);  // "" = none given
    out["regions"] = std::move(regions);
  }
  Json rules = Json::array();
  if (analysis.policy) {
    for (const RuleResult& r : analysis.policy->results) {
      const Pack& pack = analysis.policy->packs[r.pack];
      rules.push_back({{"pack", pack.name},
                       {"rule", pack.rules[r.rule].id},
                       {"status", std::string(rule_status_name(r.status))},
                       {"measured", r.measured},
                       {"limit", r.limit},
                       {"scope_elements", r.scope_elements},
                       {"elements", r.elements.size()}});
    }
  }
  out["rules"] = std::move(rules);
  out["findings"] = findings;
  return out;
}

}  // namespace

Result<std::unique_ptr<Inputs>> load_inventory(Context& context, const InventoryRecord& inventory,
                                               const std::function<void(RunSpec&)>& hooks) {
  RunSpec spec;
  spec.inventories = {inventory.file};
  spec.as_of = Date::parse(inventory.as_of);
  if (!context.options.ieee_dir.empty()) spec.ieee_dir = context.options.ieee_dir;
  spec.registry_overlays = context.options.registry_overlays;
  spec.links = inventory.links_file;  // "" = none uploaded
  if (inventory.format != "auto") {
    if (auto format = parse_input_format(inventory.format)) spec.ingest.format = *format;
  }
  // Every place a report or a message names a file says the upload's name, as its sender knows
  // it, not the path the server stored it under (which is the server's business).
  spec.display_names[inventory.file] = inventory.name;
  if (!inventory.links_file.empty()) spec.display_names[inventory.links_file] = inventory.links_name;
  if (hooks) hooks(spec);
  auto packs = shipped_packs_named(inventory.policies);
  if (!packs.ok()) return packs.status();
  auto inputs = load(std::move(spec));
  if (!inputs.ok()) return inputs.status();
  (*inputs)->packs = std::move(*packs);
  return std::move(*inputs);
}

Status assess_inventory(Context& context, std::int64_t job, const InventoryRecord& inventory) {
  Store& store = *context.store;
  // Progress goes to the job row at most every 200 ms: a poll sees it move without the reader
  // waiting on the database for every block.
  auto last = std::chrono::steady_clock::now();
  const auto hooks = [&](RunSpec& spec) {
    spec.progress = [&](const std::string&, std::uint64_t done, std::uint64_t total) {
      const auto now = std::chrono::steady_clock::now();
      if (now - last < std::chrono::milliseconds(200) && done < total) return;
      last = now;
      (void)store.job_progress(job, "running", "read", done, total);
    };
    spec.stage_done = [&](const char* stage) { (void)store.job_progress(job, "running", stage, 0, 0); };
  };
  if (Status s = store.job_progress(job, "running", "read", 0, 0); !s.ok()) return s;
  auto inputs = load_inventory(context, inventory, hooks);
  if (!inputs.ok()) return inputs.status();
  auto analysis = analyse(**inputs);
  if (!analysis.ok()) return analysis.status();
  const AssessContext report = assess_context(**inputs, *analysis);
  auto html = render_html(report);
  if (!html.ok()) return html.status();
  const std::vector<ViolationRow> findings = findings_of(**inputs, *analysis, inventory.name);
  return store.put_assessment(job, inventory.id, summary_of(**inputs, *analysis, findings.size()), render_json(report),
                              render_markdown(report), *html, findings);
}

Worker::Worker(Context& context) : context_(context), thread_([this] { run(); }) {}

Worker::~Worker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void Worker::submit(std::int64_t job, std::int64_t inventory, std::string operator_id) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back({job, inventory, std::move(operator_id)});
  }
  wake_.notify_one();
}

void Worker::run() {
  for (;;) {
    Item item;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      item = std::move(queue_.front());
      queue_.pop_front();
    }
    Status status;
    try {
      auto inventory = context_.store->inventory(item.operator_id, item.inventory);
      status = inventory ? assess_inventory(context_, item.job, *inventory)
                         : Status::internal(fmt::format("inventory {} vanished", item.inventory));
    } catch (const std::exception& e) {
      status = Status::internal(e.what());
    }
    // A finished assessment marked its job done as it was stored (put_assessment); a failure says why here.
    if (!status.ok()) (void)context_.store->job_finished(item.job, status.message());
    context_.log(fmt::format("job {} (inventory {} of {}): {}", item.job, item.inventory, item.operator_id,
                             status.ok() ? "done" : status.message()));
  }
}

}  // namespace kitwatch::server
