// The API's route table: each route's method, path, who may call it, whether it is audited, and its
// handler. Handlers only translate: arguments from the request, one engine or store call, a reply.
// Access is checked before a handler runs (server.cc), so a handler never sees a caller it should
// not serve.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "base/crypto.h"
#include "base/csv_writer.h"
#include "base/embedded_files.h"
#include "national/national.h"
#include "server/routes_internal.h"

namespace kitwatch::server {

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

namespace {

constexpr std::size_t kMinPasswordLength = 12;

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

}  // namespace

namespace {

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
      route("GET", "/api/v1/operators/{op}/inventories/{inventory}/topology/graph", A::kOperatorViewer, false,
            get_topology_graph),
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
