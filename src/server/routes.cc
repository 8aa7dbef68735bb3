// The API's routes: each one's method, path, who may call it, whether it is audited, and its
// handler. Handlers only translate: arguments from the request, one engine or store call, a reply.
// Access is checked before a handler runs (server.cc), so a handler never sees a caller it should
// not serve.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "base/crypto.h"
#include "base/csv_writer.h"
#include "base/date.h"
#include "base/embedded_files.h"
#include "base/output_file.h"
#include "national/national.h"
#include "policy/policy.h"
#include "server/server_internal.h"
#include "whatif/whatif.h"

namespace kitwatch::server {
namespace {

constexpr std::size_t kMinPasswordLength = 12;

Result<Json> parse_body(const Call& call) {
  Json body = Json::parse(call.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return Status::usage("the request body must be a JSON object");
  return body;
}

std::string string_field(const Json& body, const char* key) {
  auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : "";
}

std::optional<std::int64_t> to_int(std::string_view text) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

Json user_json(const User& u) {
  return {{"id", u.id},
          {"name", u.name},
          {"role", std::string(role_name(u.role))},
          {"operator", u.operator_id.empty() ? Json() : Json(u.operator_id)}};
}

Reply issue_token(Context& ctx, const User& user, const std::string& label, std::int64_t days) {
  if (days < 1 || days > 366) return error_reply(400, "bad_request", "expires_days must be 1 to 366");
  const std::string token = "kw_" + crypto::random_hex(32);
  const std::string expires = utc_in_days(days);
  auto id = ctx.store->add_token(user.id, crypto::sha256_hex(token), label, expires);
  if (!id.ok()) return status_reply(id.status());
  // The token's text is shown once, here; the database keeps only its SHA-256.
  return json_reply({{"id", *id}, {"token", token}, {"expires", expires}, {"user", user_json(user)}}, 201);
}

Reply openapi(Context&, Call&) {
  Reply r;
  r.body = std::string(openapi_document());
  return r;
}

Reply health(Context&, Call&) {
  return json_reply({{"status", "ok"}, {"schema", server_schema_version()}});
}

// The user a sign-in body ({"name", "password"}) names when the password is right; otherwise
// nullopt and the refusal. The same answer for an unknown name and a wrong password: the API does
// not tell which names exist.
std::optional<User> sign_in(Context& ctx, Call& call, const Json& body, Reply& refusal) {
  const std::string name = string_field(body, "name"), password = string_field(body, "password");
  call.audit_user = name;
  std::optional<User> user = ctx.store->user_by_name(name);
  if (!user || !crypto::password_verify(user->password_hash, password)) {
    call.audit_detail = "sign-in refused";
    refusal = error_reply(401, "unauthenticated", "wrong name or password");
    return std::nullopt;
  }
  call.user = user;
  return user;
}

Reply login(Context& ctx, Call& call) {
  auto body = parse_body(call);
  if (!body.ok()) return status_reply(body.status());
  Reply refusal;
  const std::optional<User> user = sign_in(ctx, call, *body, refusal);
  if (!user) return refusal;
  call.audit_detail = "signed in";
  const std::int64_t days = body->value("expires_days", static_cast<std::int64_t>(ctx.options.token_days));
  return issue_token(ctx, *user, string_field(*body, "label").empty() ? "sign-in" : string_field(*body, "label"), days);
}

// Browser sessions last a day; the dashboard signs in again after that.
constexpr std::int64_t kSessionDays = 1;

// Whether the browser reached the server over TLS (directly, or through a proxy that says so):
// then the session cookie is marked Secure, never to be sent over plain HTTP.
bool over_tls(const Call& call) {
  return call.tls || call.forwarded_proto == "https";
}

Reply create_session(Context& ctx, Call& call) {
  auto body = parse_body(call);
  if (!body.ok()) return status_reply(body.status());
  Reply refusal;
  const std::optional<User> user = sign_in(ctx, call, *body, refusal);
  if (!user) return refusal;
  call.audit_detail = "signed in (browser session)";
  const std::string token = "kw_" + crypto::random_hex(32);
  const std::string expires = utc_in_days(kSessionDays);
  auto id = ctx.store->add_token(user->id, crypto::sha256_hex(token), "browser session", expires);
  if (!id.ok()) return status_reply(id.status());
  // The token goes only into the HttpOnly cookie: the page's script never sees it, only its CSRF value.
  Reply r = json_reply({{"user", user_json(*user)}, {"csrf", csrf_of(token)}, {"expires", expires}}, 201);
  r.headers.emplace_back("Set-Cookie", session_cookie(token, kSessionDays * 86400, over_tls(call)));
  return r;
}

// The dashboard's probe at load: the live session's user and CSRF value, or {"user": null}
// (an answer, not a refusal: a signed-out visit is no error).
Reply get_session(Context&, Call& call) {
  if (!call.user) return json_reply({{"user", nullptr}});
  return json_reply({{"user", user_json(*call.user)}, {"csrf", csrf_of(call.token)}});
}

Reply delete_session(Context& ctx, Call& call) {
  auto revoked = ctx.store->revoke_token_hash(crypto::sha256_hex(call.token));
  if (!revoked.ok()) return status_reply(revoked.status());
  call.audit_detail = "signed out";
  Reply r = json_reply({{"signed_out", *revoked}});
  r.headers.emplace_back("Set-Cookie", session_cookie("", 0, over_tls(call)));
  return r;
}

Reply me(Context&, Call& call) {
  return json_reply(user_json(*call.user));
}

Reply list_tokens(Context& ctx, Call& call) {
  auto rows = ctx.store->tokens(call.user->id);
  return rows.ok() ? json_reply(*rows) : status_reply(rows.status());
}

Reply create_token(Context& ctx, Call& call) {
  auto body = parse_body(call);
  if (!body.ok()) return status_reply(body.status());
  const std::string label = string_field(*body, "label");
  if (label.empty()) return error_reply(400, "bad_request", "label: say what the token is for");
  call.audit_detail = "token '" + label + "'";
  return issue_token(ctx, *call.user, label, body->value("expires_days", std::int64_t{90}));
}

Reply revoke_token(Context& ctx, Call& call) {
  const auto id = to_int(call.params["token"]);
  if (!id) return error_reply(404, "not_found", "no such token");
  auto revoked = ctx.store->revoke_token(call.user->id, *id);
  if (!revoked.ok()) return status_reply(revoked.status());
  if (!*revoked) return error_reply(404, "not_found", "no such live token of yours");
  return json_reply({{"revoked", *id}});
}

Reply list_operators(Context& ctx, Call& call) {
  const User& u = *call.user;
  auto rows = ctx.store->operators(u.operator_id);  // "" (admin, regulator) = every operator
  return rows.ok() ? json_reply(*rows) : status_reply(rows.status());
}

Reply create_operator(Context& ctx, Call& call) {
  auto body = parse_body(call);
  if (!body.ok()) return status_reply(body.status());
  const std::string id = string_field(*body, "id"), name = string_field(*body, "name");
  if (Status s = check_operator_id(id); !s.ok()) return status_reply(s);
  if (name.empty()) return error_reply(400, "bad_request", "name: the operator's name is required");
  call.audit_detail = "operator " + id;
  if (Status s = ctx.store->add_operator(id, name); !s.ok()) return status_reply(s);
  return json_reply({{"id", id}, {"name", name}}, 201);
}

Reply set_key(Context& ctx, Call& call) {
  const std::string op = call.params["op"];
  if (!ctx.store->operator_exists(op)) return error_reply(404, "not_found", "no such operator");
  auto body = parse_body(call);
  if (!body.ok()) return status_reply(body.status());
  const std::string key = string_field(*body, "public_key");
  const auto raw = crypto::from_hex(key);
  if (!raw || raw->size() != 32) {
    return error_reply(422, "invalid", "public_key: 64 hex digits, as `kitwatch keygen` writes ID.pub");
  }
  call.audit_detail = "key " + key.substr(0, 16) + "...";
  if (Status s = ctx.store->set_operator_key(op, key); !s.ok()) return status_reply(s);
  return json_reply({{"operator", op}, {"public_key", key}});
}

Reply list_users(Context& ctx, Call& call) {
  auto rows = ctx.store->users(call.user->operator_id);
  return rows.ok() ? json_reply(*rows) : status_reply(rows.status());
}

Reply create_user(Context& ctx, Call& call) {
  auto body = parse_body(call);
  if (!body.ok()) return status_reply(body.status());
  User u;
  u.name = string_field(*body, "name");
  const std::string password = string_field(*body, "password");
  auto role = parse_role(string_field(*body, "role"));
  if (!role.ok()) return status_reply(role.status());
  u.role = *role;
  u.operator_id = string_field(*body, "operator");
  if (u.name.empty()) return error_reply(400, "bad_request", "name is required");
  if (password.size() < kMinPasswordLength) {
    return error_reply(400, "bad_request", fmt::format("password: at least {} characters", kMinPasswordLength));
  }
  const User& by = *call.user;
  if (!by.operator_id.empty()) {
    // An operator's admin adds users to its own operator only, never a regulator or a server admin.
    if (!u.operator_id.empty() && u.operator_id != by.operator_id) {
      return error_reply(403, "forbidden", "an operator's admin adds users to its own operator only");
    }
    if (u.role == Role::kRegulator) return error_reply(403, "forbidden", "only the server's admin adds regulators");
    u.operator_id = by.operator_id;
  }
  if (u.role == Role::kRegulator && !u.operator_id.empty()) {
    return error_reply(400, "bad_request", "a regulator belongs to no operator");
  }
  if ((u.role == Role::kViewer || u.role == Role::kAnalyst) && u.operator_id.empty()) {
    return error_reply(400, "bad_request", "operator: a viewer or analyst belongs to an operator");
  }
  if (!u.operator_id.empty() && !ctx.store->operator_exists(u.operator_id)) {
    return error_reply(404, "not_found", "no such operator");
  }
  auto hash = crypto::password_hash(password, ctx.options.password_cost == PasswordCost::kInteractive);
  if (!hash.ok()) return status_reply(hash.status());
  u.password_hash = *hash;
  call.audit_detail = fmt::format("user {} ({})", u.name, role_name(u.role));
  auto id = ctx.store->add_user(u);
  if (!id.ok()) return status_reply(id.status());
  u.id = *id;
  return json_reply(user_json(u), 201);
}

Reply list_audit(Context& ctx, Call& call) {
  const auto limit = to_int(call.query_value("limit", "100"));
  if (!limit || *limit < 1 || *limit > 10000) return error_reply(400, "bad_request", "limit: 1 to 10000");
  const std::string format = call.query_value("format", "json");
  if (format != "json" && format != "csv") return error_reply(400, "bad_request", "format: json or csv");
  auto rows = ctx.store->audit_rows(call.user->operator_id, *limit);
  if (!rows.ok()) return status_reply(rows.status());
  if (format == "json") return json_reply(*rows);
  // For a spreadsheet or an archive: every cell a formula could hide in is neutralised.
  CsvWriter out(CsvCells::kSpreadsheetSafe);
  out.header("id,at,user,operator,action,target,remote,status,detail");
  for (const Json& r : *rows) {
    out.number(r["id"].get<std::int64_t>()).plain(r["at"].get<std::string>());
    for (const char* key : {"user", "operator", "action", "target", "remote"}) out.text(r[key].get<std::string>());
    out.number(r["status"].get<std::int64_t>()).text(r["detail"].get<std::string>()).end_row();
  }
  Reply reply;
  reply.body = out.take();
  reply.content_type = "text/csv; charset=utf-8";
  reply.file_name = "kitwatch-audit.csv";
  return reply;
}

// The largest number of elements one add operation may add over the API (a request must not be
// able to make the server allocate without bound).
constexpr std::size_t kMaxAddedPerOperation = 1'000'000;

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

// The operator's inventory named by the path, or the reply saying why there is none.
std::optional<InventoryRecord> path_inventory(Context& ctx, Call& call, Reply& refusal) {
  const auto id = to_int(call.params["inventory"]);
  std::optional<InventoryRecord> inv;
  if (id) inv = ctx.store->inventory(call.params["op"], *id);
  if (!inv) refusal = error_reply(404, "not_found", "no such inventory");
  return inv;
}

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

Reply export_assessment(Context& ctx, Call& call) {
  const std::string format = call.query_value("format", "json");
  static const std::map<std::string, std::pair<std::string, std::string>> kTypes = {
      {"json", {"application/json", "json"}},
      {"md", {"text/markdown; charset=utf-8", "md"}},
      {"html", {"text/html; charset=utf-8", "html"}}};
  const auto type = kTypes.find(format);
  if (type == kTypes.end()) return error_reply(400, "bad_request", "format: json, md or html");
  call.audit_detail = "export " + format;
  Reply r = assessment_part(ctx, call, format);
  if (r.status != 200) return r;
  r.content_type = type->second.first;
  r.file_name = fmt::format("kitwatch-{}-{}.{}", call.params["op"], call.params["inventory"], type->second.second);
  return r;
}

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

Reply list_violations(Context& ctx, Call& call) {
  Reply refusal;
  const auto inv = path_inventory(ctx, call, refusal);
  if (!inv) return refusal;
  if (!ctx.store->assessment(inv->id, "summary")) {
    return error_reply(409, "not_ready", "the assessment is not ready: see the upload's job");
  }
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
      for (const char* share : {"designated_share", "unknown_share"}) {
        const auto count = [&](const Json& s) { return s.is_object() ? s[share]["count"] : none; };
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

Reply upload_return(Context& ctx, Call& call) {
  const std::string op = call.params["op"];
  auto ret = read_return(call.body, "upload");
  if (!ret.ok()) return status_reply(ret.status());
  if (ret->operator_id != op) {
    return error_reply(422, "invalid", fmt::format("the return is operator '{}'s, not '{}'s", ret->operator_id, op));
  }
  const std::string key = ctx.store->operator_key(op);
  if (key.empty()) {
    return error_reply(422, "invalid",
                       "no public key is registered for this operator: the server's admin registers it "
                       "(PUT /api/v1/operators/{op}/key) before returns are accepted");
  }
  if (!signature_valid(*ret, key)) {
    return error_reply(422, "invalid", "the return's signature does not verify against the operator's registered key");
  }
  const std::filesystem::path dir = std::filesystem::path(ctx.files_dir) / "returns" / op;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const std::string file = (dir / (crypto::random_hex(8) + ".return.json")).string();
  if (Status s = write_file(file, call.body); !s.ok()) return status_reply(s);
  const std::string digest = crypto::sha256_hex(call.body);
  auto id = ctx.store->add_return(op, ret->as_of.to_string(), digest, true, file, call.user->name);
  if (!id.ok()) return status_reply(id.status());
  call.audit_detail = fmt::format("return {} as of {} (sha256 {})", *id, ret->as_of.to_string(), digest);
  return json_reply({{"return", *id}, {"operator", op}, {"as_of", ret->as_of.to_string()}, {"sha256", digest}}, 201);
}

Reply list_returns(Context& ctx, Call&) {
  auto rows = ctx.store->latest_returns();
  if (!rows.ok()) return status_reply(rows.status());
  for (Json& r : *rows) r.erase("file");  // where the server keeps it is its own business
  return json_reply(*rows);
}

// The national run's inputs: each operator's latest return, checked against the key it was
// accepted with (written where `kitwatch national --trust DIR` reads keys), the server's registry
// overlays, and the capacity model (the server's, or a shipped pack's named by ?capacity=).
// nullopt when no operator has sent a return yet.
Result<std::optional<NationalInputs>> load_latest_returns(Context& ctx, const Call& call) {
  auto latest = ctx.store->latest_returns();
  if (!latest.ok()) return latest.status();
  if (latest->empty()) return std::optional<NationalInputs>();
  const std::filesystem::path trust = std::filesystem::path(ctx.files_dir) / "keys";
  std::error_code ec;
  std::filesystem::create_directories(trust, ec);
  NationalSpec spec;
  for (const Json& r : *latest) {
    const std::string op = r["operator"].get<std::string>();
    if (Status s = write_file((trust / (op + ".pub")).string(), ctx.store->operator_key(op) + "\n"); !s.ok()) return s;
    spec.returns.push_back(r["file"].get<std::string>());
  }
  spec.trust.trust_dir = trust.string();
  spec.allow_mixed = call.query_value("allow_mixed") == "true";
  spec.registry_overlays = ctx.options.registry_overlays;
  spec.capacity = call.query_value("capacity", ctx.options.capacity);
  if (spec.capacity != ctx.options.capacity) {
    auto shipped = shipped_packs();
    if (!shipped.ok()) return shipped.status();
    if (std::none_of(shipped->begin(), shipped->end(), [&](const Pack& p) { return p.name == spec.capacity; })) {
      return Status::usage("capacity: a shipped pack's name");
    }
  }
  auto inputs = load_national(spec);
  if (!inputs.ok()) return inputs.status();
  return std::optional<NationalInputs>(std::move(*inputs));
}

// load_latest_returns, or nullopt and the refusal: 409 when there are none yet (a state the
// regulator waits out, not a bad request), the engine's error when they cannot be read.
std::optional<NationalInputs> national_inputs(Context& ctx, const Call& call, Reply& refusal) {
  auto loaded = load_latest_returns(ctx, call);
  if (!loaded.ok()) {
    refusal = status_reply(loaded.status());
    return std::nullopt;
  }
  if (!*loaded) refusal = error_reply(409, "not_ready", "no operator has sent a return yet");
  return std::move(*loaded);
}

Reply national(Context& ctx, Call& call) {
  const std::string format = call.query_value("format", "json");
  if (format != "json" && format != "text" && format != "md" && format != "html") {
    return error_reply(400, "bad_request", "format: json, text, md or html");
  }
  Reply refusal;
  auto inputs = national_inputs(ctx, call, refusal);
  if (!inputs) return refusal;
  auto report = merge_returns(inputs->returns, *inputs->registry, inputs->options);
  if (!report.ok()) return status_reply(report.status());
  auto text = render_national(*report, format);
  if (!text.ok()) return status_reply(text.status());
  Reply r;
  r.body = std::move(*text);
  r.content_type = format == "json"   ? "application/json"
                   : format == "html" ? "text/html; charset=utf-8"
                   : format == "md"   ? "text/markdown; charset=utf-8"
                                      : "text/plain; charset=utf-8";
  return r;
}

// The national what-if (docs/national.md): a scenario at return level (add, remove, designate) on
// the latest returns, every national metric before and after, as `kitwatch national --scenario
// --format json` prints it. Nothing is stored.
Reply national_whatif_route(Context& ctx, Call& call) {
  auto scenario = parse_national_scenario(call.body, "scenario");
  if (!scenario.ok()) return status_reply(scenario.status());
  for (const NationalStep& step : scenario->steps) {
    const auto* add = std::get_if<NationalAdd>(&step.operation);
    if (add != nullptr && add->count > kMaxAddedPerOperation) {
      return error_reply(400, "bad_request",
                         fmt::format("{}: count: at most {} elements per add over the API", step.where.to_string(),
                                     kMaxAddedPerOperation));
    }
  }
  call.audit_detail = fmt::format("national what-if '{}' ({} operations)", scenario->name, scenario->steps.size());
  Reply refusal;
  auto inputs = national_inputs(ctx, call, refusal);
  if (!inputs) return refusal;
  auto whatif = national_whatif(inputs->returns, inputs->registry_sources, inputs->options, *scenario);
  if (!whatif.ok()) return status_reply(whatif.status());
  Reply r;
  r.body = render_comparison_json(whatif->comparison);
  return r;
}

Reply list_policies(Context&, Call&) {
  auto packs = shipped_packs();
  if (!packs.ok()) return status_reply(packs.status());
  Json out = Json::array();
  for (const Pack& p : *packs) {
    out.push_back({{"name", p.name},
                   {"title", p.title},
                   {"jurisdiction", p.jurisdiction},
                   {"rules", p.rules.size()},
                   {"evaluation", p.evaluation.has_value()}});
  }
  return json_reply(out);
}

Reply get_policy(Context&, Call& call) {
  auto packs = shipped_packs();
  if (!packs.ok()) return status_reply(packs.status());
  for (const Pack& p : *packs) {
    if (p.name == call.params["name"]) return json_reply(pack_json(p));
  }
  return error_reply(404, "not_found", "no shipped pack of that name: see /api/v1/policies");
}

// as_of from the query (default today), or the reply refusing it.
std::optional<Date> query_date(const Call& call, Reply& refusal) {
  const std::string text = call.query_value("as_of", system_clock().today().to_string());
  const auto date = Date::parse(text);
  if (!date) refusal = error_reply(400, "bad_request", "as_of: a real date, YYYY-MM-DD");
  return date;
}

Reply get_registry(Context& ctx, Call& call) {
  Reply refusal;
  const auto as_of = query_date(call, refusal);
  if (!as_of) return refusal;
  auto registry = ctx.registry();
  if (!registry.ok()) return status_reply(registry.status());
  Reply r;
  r.body = describe_registry_json(**registry, *as_of);
  return r;
}

Reply get_entity(Context& ctx, Call& call) {
  Reply refusal;
  const auto as_of = query_date(call, refusal);
  if (!as_of) return refusal;
  auto registry = ctx.registry();
  if (!registry.ok()) return status_reply(registry.status());
  auto text = describe_entity_json(**registry, call.params["entity"], *as_of);
  if (!text.ok()) return error_reply(404, "not_found", text.status().message());
  Reply r;
  r.body = std::move(*text);
  return r;
}

// Who made a declared vendor or model string, as the resolver's name and model rules see it.
Reply match_registry(Context& ctx, Call& call) {
  const std::string vendor = call.query_value("vendor"), model = call.query_value("model");
  if (vendor.empty() && model.empty()) return error_reply(400, "bad_request", "give vendor, model or both");
  auto registry = ctx.registry();
  if (!registry.ok()) return status_reply(registry.status());
  const Registry& reg = **registry;
  Json out = {{"vendor", vendor}, {"model", model}, {"by_vendor", nullptr}, {"by_model", nullptr}};
  if (!vendor.empty()) {
    if (const auto m = reg.match_name_fuzzy(vendor, 0.92)) {
      static constexpr const char* kKinds[] = {"exact", "leading words", "fuzzy"};
      out["by_vendor"] = {{"entity", reg.entity(m->entity).id},
                          {"match", kKinds[static_cast<int>(m->kind)]},
                          {"alias", m->alias},
                          {"similarity", m->similarity}};
    }
  }
  if (!model.empty()) {
    if (const ModelPattern* p = reg.match_model(model)) {
      out["by_model"] = {{"entity", reg.entity(p->entity).id},
                         {"pattern", p->match},
                         {"family", p->family},
                         {"verified", p->verified},
                         {"source", p->source}};
    }
  }
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

std::vector<Route> make_routes() {
  using A = Access;
  const auto route = [](std::string method, std::string path, Access access, bool audited,
                        std::function<Reply(Context&, Call&)> handler, bool upload = false) {
    return Route{RouteInfo{std::move(method), std::move(path), access, audited}, upload, std::move(handler)};
  };
  return {
      route("GET", "/api/openapi.json", A::kPublic, false, openapi),
      route("GET", "/api/v1/health", A::kPublic, false, health),
      route("POST", "/api/v1/login", A::kPublic, true, login),
      route("POST", "/api/v1/session", A::kPublic, true, create_session),
      route("GET", "/api/v1/session", A::kPublic, false, get_session),
      route("DELETE", "/api/v1/session", A::kSignedIn, true, delete_session),
      route("GET", "/api/v1/me", A::kSignedIn, false, me),
      route("GET", "/api/v1/tokens", A::kSignedIn, false, list_tokens),
      route("POST", "/api/v1/tokens", A::kSignedIn, true, create_token),
      route("DELETE", "/api/v1/tokens/{token}", A::kSignedIn, true, revoke_token),
      route("GET", "/api/v1/operators", A::kSignedIn, false, list_operators),
      route("POST", "/api/v1/operators", A::kServerAdmin, true, create_operator),
      route("PUT", "/api/v1/operators/{op}/key", A::kServerAdmin, true, set_key),
      route("GET", "/api/v1/users", A::kAnyAdmin, false, list_users),
      route("POST", "/api/v1/users", A::kAnyAdmin, true, create_user),
      route("GET", "/api/v1/audit", A::kAnyAdmin, false, list_audit),
      route("POST", "/api/v1/operators/{op}/inventories", A::kOperatorAnalyst, true, upload_inventory, true),
      route("GET", "/api/v1/operators/{op}/inventories", A::kOperatorViewer, false, list_inventories),
      route("GET", "/api/v1/operators/{op}/jobs/{job}", A::kOperatorViewer, false, get_job),
      route("GET", "/api/v1/operators/{op}/inventories/{inventory}/assessment", A::kOperatorViewer, false,
            get_assessment),
      route("GET", "/api/v1/operators/{op}/inventories/{inventory}/violations", A::kOperatorViewer, false,
            list_violations),
      route("GET", "/api/v1/operators/{op}/inventories/{inventory}/export", A::kOperatorViewer, true,
            export_assessment),
      route("POST", "/api/v1/operators/{op}/inventories/{inventory}/whatif", A::kOperatorViewer, true, whatif),
      route("PUT", "/api/v1/operators/{op}/inventories/{inventory}/links", A::kOperatorAnalyst, true, upload_links,
            true),
      route("GET", "/api/v1/operators/{op}/inventories/{inventory}/topology", A::kOperatorViewer, false, get_topology),
      route("GET", "/api/v1/operators/{op}/history", A::kOperatorViewer, false, history),
      route("GET", "/api/v1/operators/{op}/diff", A::kOperatorViewer, false, diff),
      route("POST", "/api/v1/operators/{op}/returns", A::kOperatorAnalyst, true, upload_return),
      route("GET", "/api/v1/returns", A::kRegulator, false, list_returns),
      route("GET", "/api/v1/operators/{op}/jobs/{job}/events", A::kOperatorViewer, false, job_events),
      route("GET", "/api/v1/national", A::kRegulator, false, national),
      route("POST", "/api/v1/national/whatif", A::kRegulator, true, national_whatif_route),
      route("GET", "/api/v1/policies", A::kSignedIn, false, list_policies),
      route("GET", "/api/v1/policies/{name}", A::kSignedIn, false, get_policy),
      route("GET", "/api/v1/registry", A::kSignedIn, false, get_registry),
      route("GET", "/api/v1/registry/entities/{entity}", A::kSignedIn, false, get_entity),
      route("GET", "/api/v1/registry/match", A::kSignedIn, false, match_registry),
  };
}

}  // namespace

Result<const Registry*> Context::registry() {
  std::lock_guard lock(registry_mutex_);
  if (!registry_) {
    auto loaded = Registry::builtin(options.registry_overlays);
    if (!loaded.ok()) return loaded.status();
    registry_ = std::make_unique<Registry>(std::move(*loaded));
  }
  return registry_.get();
}

const std::vector<Route>& route_table() {
  static const std::vector<Route> routes = make_routes();
  return routes;
}

}  // namespace kitwatch::server

namespace kitwatch {

const std::vector<RouteInfo>& server_routes() {
  static const std::vector<RouteInfo> infos = [] {
    std::vector<RouteInfo> out;
    for (const server::Route& r : server::route_table()) out.push_back(r.info);
    return out;
  }();
  return infos;
}

std::string_view openapi_document() {
  for (const EmbeddedFile& f : embedded_files()) {
    if (f.name == "openapi.json") return f.bytes;
  }
  return "{}";
}

}  // namespace kitwatch
