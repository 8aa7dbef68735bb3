// The routes of an operator's inventories: uploads (the file, then its links) and their jobs, the
// assessment, its violations and exports, what-if, diff, history and the topology.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "base/crypto.h"
#include "base/csv_writer.h"
#include "base/date.h"
#include "base/output_file.h"
#include "model/element_store.h"
#include "national/national.h"
#include "policy/policy.h"
#include "report/report.h"
#include "run/run.h"
#include "server/routes_internal.h"
#include "topology/topology.h"
#include "whatif/whatif.h"

namespace kitwatch::server {

namespace {

// What a scenario sent over the API may not do: read files (a cascade names BOM files on the
// server's disk) or add elements without bound.
Status check_api_scenario(const Scenario& scenario) {
  for (const ScenarioStep& step : scenario.steps) {
    if (std::holds_alternative<CascadeOperation>(step.operation)) {
      return Status::usage(step.where.to_string() + ": cascade operations read BOM files and are not run over the API");
    }
    if (const auto* add = std::get_if<AddOperation>(&step.operation); add && add->count > kMaxAddedPerOperation) {
      return Status::usage(fmt::format("{}: count: at most {} elements per add over the API", step.where.to_string(),
                                       kMaxAddedPerOperation));
    }
  }
  return Status();
}

// The formats an upload may name, by the file name's extension or the format parameter.
bool known_format(const std::string& format) {
  return format == "auto" || parse_input_format(format).has_value();
}

std::string safe_extension(const std::string& name) {
  const std::string ext = std::filesystem::path(name).extension().string();
  for (const char* ok : {".csv", ".tsv", ".json", ".ndjson", ".jsonl"}) {
    if (ext == ok) return ext;
  }
  return ".csv";
}

}  // namespace

Reply upload_inventory(Context& ctx, Call& call) {
  const std::string op = call.params["op"];
  const std::string name = call.query_value("name", "inventory.csv");
  const std::string format = call.query_value("format", "auto");
  if (!known_format(format)) return error_reply(400, "bad_request", "format: auto, csv, tsv, json, ndjson or netbox");
  const std::string as_of = call.query_value("as_of", system_clock().today().to_string());
  if (!Date::parse(as_of)) return error_reply(400, "bad_request", "as_of: a real date, YYYY-MM-DD");
  std::vector<std::string> policies = call.query_values("policy");
  auto shipped = shipped_packs();
  if (!shipped.ok()) return status_reply(shipped.status());
  for (const std::string& p : policies) {
    if (std::none_of(shipped->begin(), shipped->end(), [&](const Pack& pack) { return pack.name == p; })) {
      return error_reply(400, "bad_request", fmt::format("policy: '{}' is not a shipped pack", p));
    }
  }
  if (call.upload_bytes == 0) return error_reply(400, "bad_request", "the upload is empty");
  // The file keeps the upload's extension (formats are told by it) under a name the server chose.
  const std::filesystem::path dir = std::filesystem::path(ctx.files_dir) / "inventories" / op;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const std::string file = (dir / (crypto::random_hex(8) + safe_extension(name))).string();
  std::filesystem::rename(call.upload_path, file, ec);
  if (ec) return status_reply(Status::io(fmt::format("{}: cannot store the upload ({})", file, ec.message())));
  InventoryRecord record{0, op, name, format, as_of, file, policies, "", ""};
  record.file = file;
  auto inventory = ctx.store->add_inventory(record, call.upload_bytes, call.upload_sha256, call.user->name);
  if (!inventory.ok()) return status_reply(inventory.status());
  auto job = ctx.store->add_job(op, *inventory);
  if (!job.ok()) return status_reply(job.status());
  ctx.worker->submit(*job, *inventory, op);
  call.audit_detail =
      fmt::format("inventory {} '{}' ({} bytes, sha256 {})", *inventory, name, call.upload_bytes, call.upload_sha256);
  const std::string base = "/api/v1/operators/" + op;
  return json_reply({{"inventory", *inventory},
                     {"job", *job},
                     {"bytes", call.upload_bytes},
                     {"sha256", call.upload_sha256},
                     {"links",
                      {{"job", fmt::format("{}/jobs/{}", base, *job)},
                       {"assessment", fmt::format("{}/inventories/{}/assessment", base, *inventory)}}}},
                    202);
}

Reply list_inventories(Context& ctx, Call& call) {
  auto rows = ctx.store->inventories(call.params["op"]);
  return rows.ok() ? json_reply(*rows) : status_reply(rows.status());
}

Reply get_job(Context& ctx, Call& call) {
  const auto id = to_int(call.params["job"]);
  if (!id) return error_reply(404, "not_found", "no such job");
  auto rows = ctx.store->job(call.params["op"], *id);
  if (!rows.ok()) return status_reply(rows.status());
  if (rows->empty()) return error_reply(404, "not_found", "no such job");
  return json_reply((*rows)[0]);
}

namespace {

// The operator's inventory named by the path, or the reply saying why there is none.
std::optional<InventoryRecord> path_inventory(Context& ctx, Call& call, Reply& refusal) {
  const auto id = to_int(call.params["inventory"]);
  std::optional<InventoryRecord> inv;
  if (id) inv = ctx.store->inventory(call.params["op"], *id);
  if (!inv) refusal = error_reply(404, "not_found", "no such inventory");
  return inv;
}

// path_inventory, when its assessment is there too; otherwise the reply saying why not (409 while
// its job runs).
std::optional<InventoryRecord> assessed_inventory(Context& ctx, Call& call, Reply& refusal) {
  auto inv = path_inventory(ctx, call, refusal);
  if (inv && !ctx.store->assessment(inv->id, "summary")) {
    refusal = error_reply(409, "not_ready", "the assessment is not ready: see the upload's job");
    inv.reset();
  }
  return inv;
}

}  // namespace

// The links between the inventory's elements (a links CSV, docs/topology.md), uploaded after it:
// stored, and the inventory assessed again with them (a new job), so that its assessment and
// reports have the topology figures. A later upload replaces the earlier links.
Reply upload_links(Context& ctx, Call& call) {
  Reply refusal;
  const auto inv = path_inventory(ctx, call, refusal);
  if (!inv) return refusal;
  if (call.upload_bytes == 0) return error_reply(400, "bad_request", "the upload is empty");
  const std::string name = call.query_value("name", "links.csv");
  const std::filesystem::path dir = std::filesystem::path(ctx.files_dir) / "inventories" / inv->operator_id;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const std::string file = (dir / (crypto::random_hex(8) + ".links.csv")).string();
  std::filesystem::rename(call.upload_path, file, ec);
  if (ec) return status_reply(Status::io(fmt::format("{}: cannot store the upload ({})", file, ec.message())));
  if (Status s = ctx.store->set_inventory_links(inv->operator_id, inv->id, name, file); !s.ok()) return status_reply(s);
  if (!inv->links_file.empty()) std::filesystem::remove(inv->links_file, ec);  // replaced
  auto job = ctx.store->add_job(inv->operator_id, inv->id);
  if (!job.ok()) return status_reply(job.status());
  ctx.worker->submit(*job, inv->id, inv->operator_id);
  call.audit_detail = fmt::format("links '{}' of inventory {} ({} bytes, sha256 {})", name, inv->id, call.upload_bytes,
                                  call.upload_sha256);
  const std::string base = "/api/v1/operators/" + inv->operator_id;
  return json_reply({{"inventory", inv->id},
                     {"job", *job},
                     {"bytes", call.upload_bytes},
                     {"sha256", call.upload_sha256},
                     {"links",
                      {{"job", fmt::format("{}/jobs/{}", base, *job)},
                       {"topology", fmt::format("{}/inventories/{}/topology", base, inv->id)}}}},
                    202);
}

namespace {

Reply assessment_part(Context& ctx, Call& call, const std::string& part) {
  Reply refusal;
  const auto inv = path_inventory(ctx, call, refusal);
  if (!inv) return refusal;
  auto text = ctx.store->assessment(inv->id, part);
  if (!text) return error_reply(409, "not_ready", "the assessment is not ready: see the upload's job");
  Reply r;
  r.body = std::move(*text);
  return r;
}

}  // namespace

Reply get_assessment(Context& ctx, Call& call) {
  return assessment_part(ctx, call, "summary");
}

// The topology figures of the assessment (the JSON report's `topology`: the graph, supplier loss,
// articulation points), when links were uploaded for the inventory.
Reply get_topology(Context& ctx, Call& call) {
  Reply r = assessment_part(ctx, call, "json");
  if (r.status != 200) return r;
  const Json report = Json::parse(r.body, nullptr, false);
  if (!report.is_object() || !report.contains("topology")) {
    return error_reply(404, "not_found",
                       "no topology for this inventory: upload its links (PUT .../inventories/{inventory}/links)");
  }
  return json_reply(report["topology"]);
}

// The routing graph of an inventory with links, for drawing: its graph nodes (infrastructure;
// elements hanging off them by uplink are counted, not listed) with function, region, maker,
// whether designated (every list, as of the inventory's date) and whether a designated articulation
// point, and its edges. Over ?max_nodes= (default 2000, at most 20000) nothing is listed: a drawing
// of more would say nothing.
Reply get_topology_graph(Context& ctx, Call& call) {
  Reply refusal;
  const auto inv = path_inventory(ctx, call, refusal);
  if (!inv) return refusal;
  if (inv->links_file.empty()) {
    return error_reply(404, "not_found",
                       "no topology for this inventory: upload its links (PUT .../inventories/{inventory}/links)");
  }
  const auto max_nodes = to_int(call.query_value("max_nodes", "2000"));
  if (!max_nodes || *max_nodes < 0 || *max_nodes > 20000) {
    return error_reply(400, "bad_request", "max_nodes: 0 to 20000");
  }
  auto inputs = load_inventory(ctx, *inv);
  if (!inputs.ok()) return status_reply(inputs.status());
  AnalysisRequest what;
  what.assess = what.policy = what.capacity = false;
  what.designated = true;
  auto analysis = analyse(**inputs, what);
  if (!analysis.ok()) return status_reply(analysis.status());
  if (!analysis->topology || !analysis->designated) return status_reply(Status::internal("no topology was computed"));
  const TopologyGraph& graph = analysis->topology->graph;
  const std::vector<std::uint8_t>& designated = *analysis->designated;
  Json out = {{"graph_nodes", graph.size()},
              {"hanging_elements", graph.report.hanging_elements},
              {"drawn", graph.size() <= static_cast<std::size_t>(*max_nodes)},
              {"nodes", Json::array()},
              {"edges", Json::array()}};
  if (!out["drawn"].get<bool>()) return json_reply(out);
  std::set<ElementIndex> articulation;
  for (const ArticulationPoint& p : analysis->topology->articulation.designated_points) articulation.insert(p.element);
  const ElementStore& store = (*inputs)->store;
  const Resolution& resolution = (*inputs)->resolution;
  for (NodeIndex u = 0; u < graph.size(); ++u) {
    const ElementIndex e = graph.element[u];
    const Decision& decision = resolution.decisions[resolution.decision_of[e]];
    out["nodes"].push_back(
        {{"id", std::string(store.id_of(e))},
         {"function", std::string(function_name(store.function[e]))},
         {"region", std::string(store.regions.view(store.region[e]))},
         {"maker", decision.maker == kNoMaker ? "" : resolution.maker_id(decision.maker, *(*inputs)->registry)},
         {"designated", designated[e] != 0},
         {"articulation", articulation.count(e) > 0}});
    for (NodeIndex v : graph.neighbours(u)) {
      if (u < v) out["edges"].push_back({u, v});  // each undirected edge once
    }
  }
  return json_reply(out);
}

namespace {

// One CSV table of the assessment report (`kitwatch assess --format csv` writes them all to a
// folder): rendered from the stored inventory again, since only the other formats are kept.
Reply csv_table(Context& ctx, Call& call) {
  Reply refusal;
  const auto inv = assessed_inventory(ctx, call, refusal);
  if (!inv) return refusal;
  auto inputs = load_inventory(ctx, *inv);
  if (!inputs.ok()) return status_reply(inputs.status());
  auto analysis = analyse(**inputs);
  if (!analysis.ok()) return status_reply(analysis.status());
  const std::string wanted = call.query_value("table") + ".csv";
  std::string names;
  for (CsvTable& table : render_csv_tables(assess_context(**inputs, *analysis))) {
    if (table.name == wanted) {
      Reply r;
      r.body = std::move(table.text);
      r.content_type = "text/csv; charset=utf-8";
      r.file_name = fmt::format("kitwatch-{}-{}-{}", inv->operator_id, inv->id, table.name);
      return r;
    }
    names += (names.empty() ? "" : ", ") + table.name.substr(0, table.name.size() - 4);
  }
  return error_reply(400, "bad_request", "table: one of " + names);
}

}  // namespace

Reply export_assessment(Context& ctx, Call& call) {
  const std::string format = call.query_value("format", "json");
  if (format == "csv") {
    call.audit_detail = "export csv " + call.query_value("table");
    return csv_table(ctx, call);
  }
  static const std::map<std::string, std::pair<std::string, std::string>> kTypes = {
      {"json", {"application/json", "json"}},
      {"md", {"text/markdown; charset=utf-8", "md"}},
      {"html", {"text/html; charset=utf-8", "html"}}};
  const auto type = kTypes.find(format);
  if (type == kTypes.end()) return error_reply(400, "bad_request", "format: json, md, html or csv (with table=)");
  call.audit_detail = "export " + format;
  Reply r = assessment_part(ctx, call, format);
  if (r.status != 200) return r;
  r.content_type = type->second.first;
  r.file_name = fmt::format("kitwatch-{}-{}.{}", call.params["op"], call.params["inventory"], type->second.second);
  return r;
}

namespace {

// Every violation the query's filters select (all pages, in its order), as CSV for a spreadsheet.
Reply violations_csv(Context& ctx, Call& call, std::int64_t inventory, ViolationQuery q) {
  CsvWriter out(CsvCells::kSpreadsheetSafe);
  out.header("pack,rule,status,severity,element,function,region,maker,controller,source");
  q.per_page = 1000;
  for (q.page = 1;; ++q.page) {
    auto rows = ctx.store->violations(inventory, q);
    if (!rows.ok()) return status_reply(rows.status());
    for (const Json& r : (*rows)["items"]) {
      for (const char* key :
           {"pack", "rule", "status", "severity", "element", "function", "region", "maker", "controller", "source"}) {
        out.text(r[key].get<std::string>());
      }
      out.end_row();
    }
    if (q.page * q.per_page >= (*rows)["total"].get<std::int64_t>()) break;
  }
  Reply reply;
  reply.body = out.take();
  reply.content_type = "text/csv; charset=utf-8";
  reply.file_name = fmt::format("kitwatch-{}-{}-violations.csv", call.params["op"], inventory);
  return reply;
}

}  // namespace

Reply list_violations(Context& ctx, Call& call) {
  Reply refusal;
  const auto inv = assessed_inventory(ctx, call, refusal);
  if (!inv) return refusal;
  ViolationQuery q;
  q.rule = call.query_value("rule");
  q.function = call.query_value("function");
  q.region = call.query_value("region");
  q.maker = call.query_value("maker");
  q.status = call.query_value("status");
  std::string sort = call.query_value("sort", "element");
  if (!sort.empty() && sort[0] == '-') {
    q.descending = true;
    sort.erase(0, 1);
  }
  q.sort = sort;
  const auto page = to_int(call.query_value("page", "1"));
  const auto per_page = to_int(call.query_value("per_page", "100"));
  if (!page || *page < 1) return error_reply(400, "bad_request", "page: 1 or more");
  if (!per_page || *per_page < 1 || *per_page > 1000) return error_reply(400, "bad_request", "per_page: 1 to 1000");
  q.page = *page;
  q.per_page = *per_page;
  const std::string format = call.query_value("format", "json");
  if (format == "csv") return violations_csv(ctx, call, inv->id, q);
  if (format != "json") return error_reply(400, "bad_request", "format: json or csv");
  auto rows = ctx.store->violations(inv->id, q);
  return rows.ok() ? json_reply(*rows) : status_reply(rows.status());
}

// Runs a what-if scenario (the `kitwatch whatif` language, as YAML or JSON) on a stored inventory:
// every metric before and after, as `kitwatch whatif --format json` prints it. Nothing is stored.
Reply whatif(Context& ctx, Call& call) {
  Reply refusal;
  const auto inv = path_inventory(ctx, call, refusal);
  if (!inv) return refusal;
  auto scenario = parse_scenario(call.body, "scenario");
  if (!scenario.ok()) return status_reply(scenario.status());
  if (Status s = check_api_scenario(*scenario); !s.ok()) return status_reply(s);
  call.audit_detail = fmt::format("what-if on inventory {} ({} operations)", inv->id, scenario->steps.size());
  auto inputs = load_inventory(ctx, *inv);
  if (!inputs.ok()) return status_reply(inputs.status());
  auto run = run_whatif(**inputs, *scenario, true);
  if (!run.ok()) return status_reply(run.status());
  Reply r;
  r.body = render_comparison_json(run->comparison);
  return r;
}

namespace {

// Every (pack, rule, element) finding of an assessment, with its row, read page by page.
Result<std::map<std::string, Json>> findings_by_key(Context& ctx, std::int64_t inventory) {
  std::map<std::string, Json> out;
  ViolationQuery q;
  q.per_page = 1000;
  for (q.page = 1;; ++q.page) {
    auto rows = ctx.store->violations(inventory, q);
    if (!rows.ok()) return rows.status();
    for (const Json& r : (*rows)["items"]) {
      out.emplace(fmt::format("{}\x1f{}\x1f{}", r["pack"].get<std::string>(), r["rule"].get<std::string>(),
                              r["element"].get<std::string>()),
                  r);
    }
    if (q.page * q.per_page >= (*rows)["total"].get<std::int64_t>()) return out;
  }
}

// One figure of two summaries, side by side (absent figures are null).
Json summary_metric(const std::string& section, const std::string& metric, const Json& before, const Json& after) {
  Json row = {{"section", section}, {"metric", metric}, {"before", before}, {"after", after}};
  if (before.is_number() && after.is_number()) row["delta"] = after.get<double>() - before.get<double>();
  return row;
}

}  // namespace

// What changed between two assessed inventories of the operator (?from=ID&to=ID, e.g. last
// quarter's and this quarter's): their summaries' figures side by side, rule by rule, and the
// findings that are new in `to` or gone from it (up to ?limit= of each, with the totals).
Reply diff(Context& ctx, Call& call) {
  const auto from = to_int(call.query_value("from")), to = to_int(call.query_value("to"));
  const auto limit = to_int(call.query_value("limit", "100"));
  if (!from || !to) return error_reply(400, "bad_request", "from and to: two inventory ids of this operator");
  if (!limit || *limit < 0 || *limit > 10000) return error_reply(400, "bad_request", "limit: 0 to 10000");
  Json sides[2];
  std::map<std::string, Json> findings[2];
  const std::int64_t ids[2] = {*from, *to};
  for (int i = 0; i < 2; ++i) {
    if (!ctx.store->inventory(call.params["op"], ids[i])) {
      return error_reply(404, "not_found", fmt::format("no inventory {} of this operator", ids[i]));
    }
    const auto summary = ctx.store->assessment(ids[i], "summary");
    if (!summary) return error_reply(409, "not_ready", fmt::format("inventory {} is not assessed yet", ids[i]));
    sides[i] = Json::parse(*summary);
    auto rows = findings_by_key(ctx, ids[i]);
    if (!rows.ok()) return status_reply(rows.status());
    findings[i] = std::move(*rows);
  }
  const Json& a = sides[0];
  const Json& b = sides[1];
  Json metrics = Json::array();
  metrics.push_back(summary_metric("inventory", "as of", a["as_of"], b["as_of"]));
  for (const char* key : {"read", "accepted", "rejected"}) {
    metrics.push_back(summary_metric("rows", key, a["rows"][key], b["rows"][key]));
  }
  const Json none;
  metrics.push_back(summary_metric("verdict", "outcome", a["verdict"].is_object() ? a["verdict"]["outcome"] : none,
                                   b["verdict"].is_object() ? b["verdict"]["outcome"] : none));
  for (const char* scope : {"shares", "regions"}) {
    const Json& ascopes = a.contains(scope) ? a[scope] : Json::object();
    const Json& bscopes = b.contains(scope) ? b[scope] : Json::object();
    std::set<std::string> names;
    for (const auto& [name, unused] : ascopes.items()) names.insert(name);
    for (const auto& [name, unused] : bscopes.items()) names.insert(name);
    for (const std::string& name : names) {
      const Json& sa = ascopes.contains(name) ? ascopes[name] : none;
      const Json& sb = bscopes.contains(name) ? bscopes[name] : none;
      for (const char* share : {"designated_share", "unknown_share", "control_unknown_share"}) {
        // A result stored by an older kitwatch may lack a share (control_unknown_share): shown as absent.
        const auto count = [&](const Json& s) { return s.is_object() && s.contains(share) ? s[share]["count"] : none; };
        metrics.push_back(summary_metric(fmt::format("{} ({})", scope, name.empty() ? "no region" : name),
                                         std::string(share) + " (count)", count(sa), count(sb)));
      }
    }
  }
  for (const Json& rule : b["rules"]) {
    Json before = none;
    for (const Json& r : a["rules"]) {
      if (r["pack"] == rule["pack"] && r["rule"] == rule["rule"]) before = r["status"];
    }
    metrics.push_back(
        summary_metric("rules", fmt::format("{} {}", rule["pack"].get<std::string>(), rule["rule"].get<std::string>()),
                       before, rule["status"]));
  }
  // Findings only one side has: new in `to`, resolved since `from`.
  const auto only = [&](const std::map<std::string, Json>& in, const std::map<std::string, Json>& not_in) {
    Json list = Json::array();
    std::int64_t total = 0;
    for (const auto& [key, row] : in) {
      if (not_in.count(key)) continue;
      if (total++ < *limit) list.push_back(row);
    }
    return Json{{"total", total}, {"items", std::move(list)}};
  };
  return json_reply(
      {{"from", {{"inventory", *from}, {"as_of", a["as_of"]}}},
       {"to", {{"inventory", *to}, {"as_of", b["as_of"]}}},
       {"metrics", std::move(metrics)},
       {"findings", {{"new", only(findings[1], findings[0])}, {"resolved", only(findings[0], findings[1])}}}});
}

// Each assessed inventory's summary, by as-of date (then upload order): the operator's history.
Reply history(Context& ctx, Call& call) {
  auto rows = ctx.store->inventories(call.params["op"]);
  if (!rows.ok()) return status_reply(rows.status());
  Json out = Json::array();
  for (const Json& row : *rows) {
    if (row.value("state", "") != "done") continue;
    const std::int64_t id = row["id"].get<std::int64_t>();
    const auto summary = ctx.store->assessment(id, "summary");
    if (!summary) continue;
    out.push_back({{"inventory", id},
                   {"name", row["name"]},
                   {"as_of", row["as_of"]},
                   {"uploaded", row["uploaded"]},
                   {"summary", Json::parse(*summary)}});
  }
  std::stable_sort(out.begin(), out.end(), [](const Json& a, const Json& b) {
    return a["as_of"].get<std::string>() < b["as_of"].get<std::string>();
  });
  return json_reply(out);
}

// The job's progress as server-sent events: one `progress` event whenever the row changes, the
// last when it is done or failed. A browser's EventSource or `curl -N` reads them.
Reply job_events(Context& ctx, Call& call) {
  const auto id = to_int(call.params["job"]);
  const std::string op = call.params["op"];
  if (!id) return error_reply(404, "not_found", "no such job");
  auto first = ctx.store->job(op, *id);
  if (!first.ok()) return status_reply(first.status());
  if (first->empty()) return error_reply(404, "not_found", "no such job");
  if (ctx.event_streams.fetch_add(1) >= std::max(1u, ctx.options.http_threads / 2)) {
    --ctx.event_streams;
    return error_reply(503, "busy", "too many progress streams open: poll the job's route instead");
  }
  // Closed (and counted out) when the stream's last copy goes, however the stream ends.
  const auto counted = std::shared_ptr<void>(nullptr, [&ctx](void*) { --ctx.event_streams; });
  Reply r;
  r.content_type = "text/event-stream";
  auto last = std::make_shared<std::string>();
  auto started = std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
  r.stream = [&ctx, op, job = *id, last, started, counted](const std::function<bool(std::string_view)>& write) {
    auto rows = ctx.store->job(op, job);
    if (!rows.ok() || rows->empty()) return false;
    const Json& row = (*rows)[0];
    const std::string text = row.dump();
    if (text != *last) {
      *last = text;
      if (!write("event: progress\ndata: " + text + "\n\n")) return false;
    }
    const std::string state = row.value("state", "");
    if (state == "done" || state == "failed" || ctx.stopping) return false;
    // A stream that outlives any assessment is a client that forgot to close: end it.
    if (std::chrono::steady_clock::now() - *started > std::chrono::hours(2)) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    return true;
  };
  return r;
}

}  // namespace kitwatch::server
