// kitwatch serve over real HTTP on loopback: a real SQLite file, real uploads of
// examples/small, real signed returns of examples/uk-2018-national. The route table is enumerated,
// so a new route without an access case, an OpenAPI entry or its audit behaviour fails here.
#include "server/server.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "national/national.h"
#include "policy/policy.h"
#include "report/report.h"
#include "run/run.h"
#include "server/server_test_util.h"
#include "server/store.h"
#include "test_support.h"
#include "whatif/whatif.h"

namespace kitwatch {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing_support::source;

const std::vector<std::string> kOperators = {"albion", "brigantia", "caledonia", "dumnonia"};

// The server every test of the suite shares, set up once through the API itself: operators,
// users of each role, an uploaded and assessed inventory, and a signed return per operator.
struct World {
  fs::path dir;
  std::unique_ptr<Server> server;
  std::unique_ptr<Client> client;
  std::map<std::string, std::string> tokens;   // by user name: root, regulator, albion-viewer, ...
  std::map<std::string, std::string> returns;  // by operator: the signed return's text
  std::map<std::string, std::string> keys;     // by operator: the public key
  std::string inventory_path;                  // /api/v1/operators/albion/inventories/N
  std::string linked_path;                     // the same file again, with examples/small's links
  std::string job_path;
  int counter = 0;
  std::string unique(const std::string& stem) { return stem + std::to_string(++counter); }
};

World* world = nullptr;

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    world = new World;
    World& w = *world;
    w.dir = fresh_dir("server-test");
    const ServerOptions options = test_options(w.dir);
    ASSERT_TRUE(init_admin(options.db, "root", kPassword, PasswordCost::kMinimum).ok());
    auto started = Server::start(options);
    ASSERT_TRUE(started.ok()) << started.status().message();
    w.server = std::move(*started);
    w.client = std::make_unique<Client>(w.server->port());
    Client& c = *w.client;
    w.tokens["root"] = login(c, "root");
    const std::string root = w.tokens["root"];
    const auto add_user = [&](const std::string& name, const std::string& role, const std::string& op) {
      json body = {{"name", name}, {"password", kPassword}, {"role", role}};
      if (!op.empty()) body["operator"] = op;
      const Answer a = c.call("POST", "/api/v1/users", root, body.dump());
      ASSERT_EQ(a.status, 201) << a.body;
      w.tokens[name] = login(c, name);
    };
    add_user("regulator", "regulator", "");
    for (const std::string& op : kOperators) {
      const Answer a = c.call("POST", "/api/v1/operators", root, json{{"id", op}, {"name", op + " plc"}}.dump());
      ASSERT_EQ(a.status, 201) << a.body;
      add_user(op + "-analyst", "analyst", op);
    }
    add_user("albion-viewer", "viewer", "albion");
    add_user("albion-admin", "admin", "albion");
    add_user("albion-sessions", "viewer", "albion");  // signed out again and again (DELETE /session)

    // examples/small uploaded by albion's analyst, assessed against the UK pack as of 2028-01-01.
    const Answer up =
        c.call("POST", "/api/v1/operators/albion/inventories?name=inventory.csv&as_of=2028-01-01&policy=uk-huawei-dvd",
               w.tokens["albion-analyst"], read_text(source("examples/small/inventory.csv")), "text/csv");
    ASSERT_EQ(up.status, 202) << up.body;
    const json accepted = up.parsed();
    w.job_path = accepted["links"]["job"];
    w.inventory_path = "/api/v1/operators/albion/inventories/" + std::to_string(accepted["inventory"].get<int>());
    const json job = wait_for_job(c, w.job_path, w.tokens["albion-viewer"]);
    ASSERT_EQ(job["state"], "done") << job.dump();
    // The same inventory uploaded again, then its links: assessed a second time, with the topology.
    const Answer again =
        c.call("POST", "/api/v1/operators/albion/inventories?name=inventory.csv&as_of=2028-01-01&policy=uk-huawei-dvd",
               w.tokens["albion-analyst"], read_text(source("examples/small/inventory.csv")), "text/csv");
    ASSERT_EQ(again.status, 202) << again.body;
    w.linked_path = "/api/v1/operators/albion/inventories/" + std::to_string(again.parsed()["inventory"].get<int>());
    ASSERT_EQ(wait_for_job(c, again.parsed()["links"]["job"], w.tokens["albion-viewer"])["state"], "done");
    const Answer links = c.call("PUT", w.linked_path + "/links?name=links.csv", w.tokens["albion-analyst"],
                                read_text(source("examples/small/links.csv")), "text/csv");
    ASSERT_EQ(links.status, 202) << links.body;
    const json relinked = wait_for_job(c, links.parsed()["links"]["job"], w.tokens["albion-viewer"]);
    ASSERT_EQ(relinked["state"], "done") << relinked.dump();

    // Each operator's signed return of examples/uk-2018-national, as `kitwatch return --sign` makes it.
    for (const std::string& op : kOperators) {
      RunSpec spec;
      spec.inventories = {source("examples/uk-2018-national/" + op + ".csv")};
      spec.as_of = Date::parse("2018-04-20");
      spec.registry_overlays = options.registry_overlays;
      spec.policies = {options.capacity};
      ReturnOptions ro;
      ro.operator_id = op;
      ro.kitwatch_version = "test";
      auto ret = run_return(spec, ro);
      ASSERT_TRUE(ret.ok()) << ret.status().message();
      const KeyPair keys = generate_key_pair();
      auto text = write_return(*ret, keys.secret_key);
      ASSERT_TRUE(text.ok());
      w.returns[op] = *text;
      w.keys[op] = keys.public_key;
      Answer a = c.call("PUT", "/api/v1/operators/" + op + "/key", root, json{{"public_key", keys.public_key}}.dump());
      ASSERT_EQ(a.status, 200) << a.body;
      a = c.call("POST", "/api/v1/operators/" + op + "/returns", w.tokens[op + "-analyst"], *text);
      ASSERT_EQ(a.status, 201) << a.body;
    }
  }

  static void TearDownTestSuite() {
    if (world == nullptr) return;
    world->server.reset();
    fs::remove_all(world->dir);
    delete world;
    world = nullptr;
  }

  void SetUp() override { ASSERT_NE(world, nullptr); }
};

// The engine's run of what the suite uploads: examples/small as of 2028-01-01 against the UK pack,
// with the server's registry overlay.
RunSpec uploaded_example_spec() {
  RunSpec spec;
  spec.inventories = {source("examples/small/inventory.csv")};
  spec.as_of = Date::parse("2028-01-01");
  spec.policies = {"uk-huawei-dvd"};
  spec.registry_overlays = {source("examples/zte-2018/registry.yaml")};
  return spec;
}

// A what-if scenario in JSON (the YAML language's JSON form): Huawei's kit removed.
constexpr const char* kRemoveHuawei =
    R"({"scenario": "no-huawei", "operations": [{"remove": {"manufacturer": "huawei"}}]})";

// How to call one route: a concrete path and body, the token that may call it, and tokens that
// must be refused (403) for their role or their operator.
struct Case {
  std::function<std::string()> path;
  std::function<std::string()> body;
  std::string allowed;               // user name; "" for a public route
  std::vector<std::string> refused;  // user names that must get 403
};

std::map<std::string, Case> route_cases() {
  World& w = *world;
  const auto fixed = [](std::string p) { return [p] { return p; }; };
  const auto none = [] { return std::string(); };
  const std::string inv = w.inventory_path;
  const std::vector<std::string> outsiders = {"brigantia-analyst", "regulator", "root"};
  return {
      {"GET /api/openapi.json", {fixed("/api/openapi.json"), none, "", {}}},
      {"GET /api/v1/health", {fixed("/api/v1/health"), none, "", {}}},
      {"POST /api/v1/login",
       {fixed("/api/v1/login"),
        [] {
          return json{{"name", "albion-viewer"}, {"password", kPassword}}.dump();
        },
        "",
        {}}},
      {"POST /api/v1/session",
       {fixed("/api/v1/session"),
        [] {
          return json{{"name", "albion-viewer"}, {"password", kPassword}}.dump();
        },
        "",
        {}}},
      {"GET /api/v1/session", {fixed("/api/v1/session"), none, "", {}}},
      {"DELETE /api/v1/session",
       {[&w] {
          // Signing out revokes the caller's token: a fresh one each time.
          w.tokens["albion-sessions"] = login(*w.client, "albion-sessions");
          return std::string("/api/v1/session");
        },
        none,
        "albion-sessions",
        {}}},
      {"GET /api/v1/me", {fixed("/api/v1/me"), none, "albion-viewer", {}}},
      {"GET /api/v1/tokens", {fixed("/api/v1/tokens"), none, "albion-viewer", {}}},
      {"POST /api/v1/tokens",
       {fixed("/api/v1/tokens"),
        [&w] {
          return json{{"label", w.unique("script")}}.dump();
        },
        "albion-viewer",
        {}}},
      {"DELETE /api/v1/tokens/{token}",
       {[&w] {
          // A fresh token of the caller's, to revoke.
          const Answer a = w.client->call("POST", "/api/v1/tokens", w.tokens["albion-viewer"],
                                          json{{"label", w.unique("to-revoke")}}.dump());
          return "/api/v1/tokens/" + std::to_string(a.parsed()["id"].get<int>());
        },
        none,
        "albion-viewer",
        {}}},
      {"GET /api/v1/operators", {fixed("/api/v1/operators"), none, "albion-viewer", {}}},
      {"POST /api/v1/operators",
       {fixed("/api/v1/operators"),
        [&w] {
          return json{{"id", w.unique("op")}, {"name", "An operator"}}.dump();
        },
        "root",
        {"albion-admin", "regulator"}}},
      {"PUT /api/v1/operators/{op}/key",
       {fixed("/api/v1/operators/albion/key"),
        [&w] {
          return json{{"public_key", w.keys["albion"]}}.dump();
        },
        "root",
        {"albion-admin", "regulator"}}},
      {"GET /api/v1/users", {fixed("/api/v1/users"), none, "albion-admin", {"albion-analyst", "regulator"}}},
      {"POST /api/v1/users",
       {fixed("/api/v1/users"),
        [&w] {
          return json{{"name", w.unique("user")}, {"password", kPassword}, {"role", "viewer"}}.dump();
        },
        "albion-admin",
        {"albion-analyst", "regulator"}}},
      {"GET /api/v1/audit", {fixed("/api/v1/audit"), none, "albion-admin", {"albion-viewer", "regulator"}}},
      {"POST /api/v1/operators/{op}/inventories",
       {fixed("/api/v1/operators/albion/inventories?name=tiny.csv&as_of=2028-01-01"),
        [] { return std::string("id,function,vendor,model\nX1,ran,Huawei,BTS3900\n"); },
        "albion-analyst",
        {"albion-viewer", "brigantia-analyst", "regulator", "root"}}},
      {"GET /api/v1/operators/{op}/inventories",
       {fixed("/api/v1/operators/albion/inventories"), none, "albion-viewer", outsiders}},
      {"GET /api/v1/operators/{op}/jobs/{job}", {fixed(w.job_path), none, "albion-viewer", outsiders}},
      {"GET /api/v1/operators/{op}/inventories/{inventory}/assessment",
       {fixed(inv + "/assessment"), none, "albion-viewer", outsiders}},
      {"GET /api/v1/operators/{op}/inventories/{inventory}/violations",
       {fixed(inv + "/violations?rule=R2"), none, "albion-viewer", outsiders}},
      {"GET /api/v1/operators/{op}/inventories/{inventory}/export",
       {fixed(inv + "/export?format=md"), none, "albion-viewer", outsiders}},
      {"POST /api/v1/operators/{op}/inventories/{inventory}/whatif",
       {fixed(inv + "/whatif"), [] { return std::string(kRemoveHuawei); }, "albion-viewer", outsiders}},
      {"PUT /api/v1/operators/{op}/inventories/{inventory}/links",
       {fixed(w.linked_path + "/links?name=links.csv"),
        [] { return read_text(source("examples/small/links.csv")); },
        "albion-analyst",
        {"albion-viewer", "brigantia-analyst", "regulator", "root"}}},
      {"GET /api/v1/operators/{op}/inventories/{inventory}/topology",
       {fixed(w.linked_path + "/topology"), none, "albion-viewer", outsiders}},
      {"GET /api/v1/operators/{op}/inventories/{inventory}/topology/graph",
       {fixed(w.linked_path + "/topology/graph"), none, "albion-viewer", outsiders}},
      {"GET /api/v1/operators/{op}/diff",
       {[&w] {
          const std::string id = w.inventory_path.substr(w.inventory_path.rfind('/') + 1);
          return "/api/v1/operators/albion/diff?from=" + id + "&to=" + id;
        },
        none, "albion-viewer", outsiders}},
      {"GET /api/v1/operators/{op}/history",
       {fixed("/api/v1/operators/albion/history"), none, "albion-viewer", outsiders}},
      {"POST /api/v1/operators/{op}/returns",
       {fixed("/api/v1/operators/albion/returns"),
        [&w] { return w.returns["albion"]; },
        "albion-analyst",
        {"albion-viewer", "brigantia-analyst", "regulator", "root"}}},
      {"GET /api/v1/returns", {fixed("/api/v1/returns"), none, "regulator", {"root", "albion-admin"}}},
      {"GET /api/v1/national", {fixed("/api/v1/national"), none, "regulator", {"root", "albion-admin"}}},
      {"POST /api/v1/national/whatif",
       {fixed("/api/v1/national/whatif"),
        [] { return read_text(source("examples/uk-2018-national/scenario.yaml")); },
        "regulator",
        {"root", "albion-admin", "albion-analyst"}}},
      {"GET /api/v1/operators/{op}/jobs/{job}/events",
       {fixed(w.job_path + "/events"), none, "albion-viewer", outsiders}},
      {"GET /api/v1/policies", {fixed("/api/v1/policies"), none, "albion-viewer", {}}},
      {"GET /api/v1/policies/{name}", {fixed("/api/v1/policies/uk-huawei-dvd"), none, "regulator", {}}},
      {"GET /api/v1/registry", {fixed("/api/v1/registry?as_of=2018-04-20"), none, "albion-viewer", {}}},
      {"GET /api/v1/registry/entities/{entity}", {fixed("/api/v1/registry/entities/zte"), none, "albion-viewer", {}}},
      {"GET /api/v1/registry/match",
       {fixed("/api/v1/registry/match?vendor=Huawei&model=S5735-L24P4S-A"), none, "albion-viewer", {}}},
  };
}

std::string key_of(const RouteInfo& r) {
  return r.method + " " + r.path;
}

TEST_F(ServerTest, EveryRouteIsInTheOpenApiDocumentAndEveryDocumentedRouteIsServed) {
  const json doc = json::parse(openapi_document());
  ASSERT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
  std::set<std::string> documented;
  for (const auto& [path, methods] : doc["paths"].items()) {
    for (const auto& [method, op] : methods.items()) {
      std::string upper = method;
      for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      documented.insert(upper + " " + path);
      // The document says who may call it and whether it is audited, as the server enforces.
      const auto it = std::find_if(server_routes().begin(), server_routes().end(),
                                   [&](const RouteInfo& r) { return key_of(r) == upper + " " + path; });
      if (it == server_routes().end()) continue;
      EXPECT_EQ(op["x-kitwatch-access"], std::string(access_name(it->access))) << path;
      EXPECT_EQ(op["x-kitwatch-audited"], it->audited) << path;
    }
  }
  std::set<std::string> served;
  for (const RouteInfo& r : server_routes()) served.insert(key_of(r));
  EXPECT_EQ(served, documented);
  const Answer a = world->client->call("GET", "/api/openapi.json");
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.parsed(), doc);
}

TEST_F(ServerTest, EveryRouteRefusesNoTokenAndTheWrongRoleOrOperatorAndServesTheRightOne) {
  World& w = *world;
  const auto cases = route_cases();
  for (const RouteInfo& r : server_routes()) {
    const auto it = cases.find(key_of(r));
    if (it == cases.end()) {
      ADD_FAILURE() << key_of(r) << ": a route without an access case in this test";
      continue;
    }
    const Case& c = it->second;
    if (r.access != Access::kPublic) {
      const Answer none = w.client->call(r.method, c.path(), "", c.body());
      EXPECT_EQ(none.status, 401) << key_of(r) << " without a token: " << none.body;
      const Answer bogus = w.client->call(r.method, c.path(), "kw_not-a-token", c.body());
      EXPECT_EQ(bogus.status, 401) << key_of(r) << " with a made-up token";
      EXPECT_FALSE(c.allowed.empty()) << key_of(r);
    }
    for (const std::string& user : c.refused) {
      const Answer a = w.client->call(r.method, c.path(), w.tokens.at(user), c.body());
      EXPECT_EQ(a.status, 403) << key_of(r) << " as " << user << ": " << a.body;
    }
    const std::string token = c.allowed.empty() ? "" : w.tokens.at(c.allowed);
    const Answer ok = w.client->call(r.method, c.path(), token, c.body());
    EXPECT_GE(ok.status, 200) << key_of(r) << ": " << ok.body;
    EXPECT_LT(ok.status, 300) << key_of(r) << ": " << ok.body;
  }
}

std::size_t audit_rows() {
  const Answer a = world->client->call("GET", "/api/v1/audit?limit=10000", world->tokens["root"]);
  EXPECT_EQ(a.status, 200);
  return a.parsed().size();
}

TEST_F(ServerTest, EveryAuditedCallLeavesExactlyOneAuditRowAndOtherCallsNone) {
  World& w = *world;
  const auto cases = route_cases();
  for (const RouteInfo& r : server_routes()) {
    const auto it = cases.find(key_of(r));
    if (it == cases.end()) continue;  // reported by the access test
    const Case& c = it->second;
    const std::string path = c.path();  // may itself make a token (audited): taken before counting
    const std::size_t before = audit_rows();
    const std::string token = c.allowed.empty() ? "" : w.tokens.at(c.allowed);
    const Answer ok = w.client->call(r.method, path, token, c.body());
    EXPECT_LT(ok.status, 300) << key_of(r);
    EXPECT_EQ(audit_rows() - before, r.audited ? 1u : 0u) << key_of(r);
    if (r.audited && !c.refused.empty()) {
      // A refused call of an audited route is recorded too.
      const std::size_t then = audit_rows();
      EXPECT_EQ(w.client->call(r.method, path, w.tokens.at(c.refused[0]), c.body()).status, 403);
      EXPECT_EQ(audit_rows() - then, 1u) << key_of(r) << " refused";
    }
  }
  // Every write, export and sign-in route is audited.
  for (const RouteInfo& r : server_routes()) {
    if (r.method != "GET") {
      EXPECT_TRUE(r.audited) << key_of(r);
    }
  }
}

TEST_F(ServerTest, AnotherOperatorOrARegulatorCannotReadAnOperatorsInventoryViolationsOrExports) {
  World& w = *world;
  const std::string inv = w.inventory_path;
  for (const std::string user : {"brigantia-analyst", "regulator", "root"}) {
    for (const std::string& path :
         {std::string("/api/v1/operators/albion/inventories"), inv + "/assessment", inv + "/violations",
          inv + "/export?format=json", inv + "/export?format=html", w.job_path}) {
      const Answer a = w.client->call("GET", path, w.tokens.at(user));
      EXPECT_EQ(a.status, 403) << user << " " << path;
      EXPECT_EQ(a.body.find("NE0000"), std::string::npos) << user << " " << path;  // no element ids leak
    }
  }
  // An operator's admin administers its own operator only.
  const Answer a = w.client->call(
      "POST", "/api/v1/users", w.tokens["albion-admin"],
      json{{"name", "intruder"}, {"password", kPassword}, {"role", "analyst"}, {"operator", "brigantia"}}.dump());
  EXPECT_EQ(a.status, 403) << a.body;
  // An operator's admin reads its operator's audit rows only, as JSON or CSV.
  const json rows = w.client->call("GET", "/api/v1/audit?limit=10000", w.tokens["albion-admin"]).parsed();
  ASSERT_FALSE(rows.empty());
  for (const json& r : rows) EXPECT_EQ(r["operator"], "albion") << r.dump();
  const Answer csv = w.client->call("GET", "/api/v1/audit?limit=10000&format=csv", w.tokens["albion-admin"]);
  EXPECT_EQ(csv.status, 200);
  EXPECT_EQ(static_cast<std::size_t>(std::count(csv.body.begin(), csv.body.end(), '\n')), rows.size() + 1);
  const json users = w.client->call("GET", "/api/v1/users", w.tokens["albion-admin"]).parsed();
  for (const json& u : users) EXPECT_EQ(u["operator_id"], "albion") << u.dump();
}

TEST_F(ServerTest, TheAssessmentAndItsViolationsAreTheEnginesFigures) {
  World& w = *world;
  // The engine's own run of the same file, options and registry.
  auto inputs = load(uploaded_example_spec());
  ASSERT_TRUE(inputs.ok()) << inputs.status().message();
  auto analysis = analyse(**inputs);
  ASSERT_TRUE(analysis.ok());

  const json summary = w.client->call("GET", w.inventory_path + "/assessment", w.tokens["albion-viewer"]).parsed();
  EXPECT_EQ(summary["rows"]["read"], (*inputs)->ingest.rows_read);
  EXPECT_EQ(summary["rows"]["rejected"], (*inputs)->ingest.rejected);
  EXPECT_DOUBLE_EQ(summary["shares"]["all"]["designated_share"]["count"].get<double>(),
                   analysis->assess->total.designated_share.count);
  EXPECT_EQ(summary["verdict"]["outcome"], "not compliant");
  std::size_t findings = 0;
  for (const RuleResult& r : analysis->policy->results) {
    const std::string rule = analysis->policy->packs[r.pack].rules[r.rule].id;
    const json page =
        w.client->call("GET", w.inventory_path + "/violations?per_page=1000&rule=" + rule, w.tokens["albion-viewer"])
            .parsed();
    const std::size_t expected = r.status == RuleStatus::kMet ? 0 : r.elements.size();
    EXPECT_EQ(page["total"].get<std::size_t>(), expected) << rule;
    findings += expected;
    std::set<std::string> ids;
    for (ElementIndex e : r.elements) ids.insert(std::string((*inputs)->store.id_of(e)));
    for (const json& v : page["items"]) EXPECT_TRUE(ids.count(v["element"].get<std::string>())) << rule;
  }
  ASSERT_GT(findings, 2u);
  EXPECT_EQ(summary["findings"], findings);

  // Pages of 2, sorted by region descending, are the whole list in that order.
  std::vector<std::string> regions;
  for (int page = 1;; ++page) {
    const json p =
        w.client
            ->call("GET", w.inventory_path + "/violations?sort=-region&per_page=2&page=" + std::to_string(page),
                   w.tokens["albion-viewer"])
            .parsed();
    if (p["items"].empty()) break;
    for (const json& v : p["items"]) {
      regions.push_back(v["region"]);
      EXPECT_EQ(v["source"].get<std::string>().rfind("inventory.csv:", 0), 0u) << v.dump();  // the upload's name
    }
  }
  EXPECT_EQ(regions.size(), findings);
  EXPECT_TRUE(std::is_sorted(regions.rbegin(), regions.rend()));
  // Filters combine; an unknown sort column is refused.
  const json huawei_ran =
      w.client->call("GET", w.inventory_path + "/violations?function=ran&maker=huawei", w.tokens["albion-viewer"])
          .parsed();
  for (const json& v : huawei_ran["items"]) {
    EXPECT_EQ(v["function"], "ran");
    EXPECT_EQ(v["maker"], "huawei");
  }
  EXPECT_EQ(w.client->call("GET", w.inventory_path + "/violations?sort=password", w.tokens["albion-viewer"]).status,
            400);
  // The exports are the engine's reports.
  const Answer md = w.client->call("GET", w.inventory_path + "/export?format=md", w.tokens["albion-viewer"]);
  EXPECT_EQ(md.status, 200);
  // Reports name the upload, not the file they were read from.
  const auto as_uploaded = [local = source("examples/small/inventory.csv")](std::string text) {
    for (std::size_t at = text.find(local); at != std::string::npos; at = text.find(local)) {
      text.replace(at, local.size(), "inventory.csv");
    }
    return text;
  };
  EXPECT_EQ(md.body, as_uploaded(render_markdown(assess_context(**inputs, *analysis))));
  EXPECT_EQ(md.body.find(world->dir.string()), std::string::npos);
  // Each CSV table of `kitwatch assess --format csv`, one at a time.
  for (const CsvTable& table : render_csv_tables(assess_context(**inputs, *analysis))) {
    const std::string name = table.name.substr(0, table.name.size() - 4);
    const Answer csv =
        w.client->call("GET", w.inventory_path + "/export?format=csv&table=" + name, w.tokens["albion-viewer"]);
    EXPECT_EQ(csv.status, 200) << name;
    EXPECT_EQ(csv.body, as_uploaded(table.text)) << name;
  }
  const Answer unknown =
      w.client->call("GET", w.inventory_path + "/export?format=csv&table=passwords", w.tokens["albion-viewer"]);
  EXPECT_EQ(unknown.status, 400);
  EXPECT_NE(unknown.body.find("by_function"), std::string::npos) << unknown.body;
}

TEST_F(ServerTest, TheNationalPictureIsTheMergeOfEachOperatorsLatestSignedReturn) {
  World& w = *world;
  const Answer a = w.client->call("GET", "/api/v1/national", w.tokens["regulator"]);
  ASSERT_EQ(a.status, 200) << a.body;
  const json n = a.parsed();
  // examples/uk-2018-national/README.md works these out by hand.
  EXPECT_TRUE(n["caveats"].empty()) << n["caveats"];
  EXPECT_DOUBLE_EQ(n["total"]["designated_share"]["count"].get<double>(), 450.0 / 5012);
  EXPECT_DOUBLE_EQ(n["evaluation"]["total_load"].get<double>(), 216);
  EXPECT_EQ(n["evaluation"]["shared_builds"].get<int>(), 4);
  const json latest = w.client->call("GET", "/api/v1/returns", w.tokens["regulator"]).parsed();
  ASSERT_EQ(latest.size(), kOperators.size());
  for (const json& r : latest) EXPECT_FALSE(r.contains("file"));
  const Answer html = w.client->call("GET", "/api/v1/national?format=html", w.tokens["regulator"]);
  EXPECT_EQ(html.status, 200);
  EXPECT_NE(html.body.find("<html"), std::string::npos);
}

TEST_F(ServerTest, TheNationalWhatIfIsTheProposalWorkedByHandInTheExample) {
  World& w = *world;
  const Answer a = w.client->call("POST", "/api/v1/national/whatif", w.tokens["regulator"],
                                  read_text(source("examples/uk-2018-national/scenario.yaml")), "application/yaml");
  ASSERT_EQ(a.status, 200) << a.body;
  // examples/uk-2018-national/README.md: the centre carries Huawei's 216 and ZTE's 124 = 340 of 250, EXCEEDED.
  bool load_found = false;
  bool share_found = false;
  const json comparison = a.parsed();  // named: a range-for over a temporary's member would dangle
  for (const json& row : comparison["metrics"]) {
    if (row["section"] == "national evaluation load" && row["metric"] == "load (analyst-days a year)") {
      load_found = true;
      EXPECT_DOUBLE_EQ(row["before"].get<double>(), 216);
      EXPECT_DOUBLE_EQ(row["after"].get<double>(), 340);
    }
    if (row["section"] == "national designated share" && row["metric"] == "all (count)") {
      // 450 Huawei units of 5,012 before; 450 + 120 of 5,132 after.
      share_found = true;
      EXPECT_DOUBLE_EQ(row["before"].get<double>(), 100.0 * 450 / 5012);
      EXPECT_DOUBLE_EQ(row["after"].get<double>(), 100.0 * 570 / 5132);
    }
  }
  EXPECT_TRUE(load_found && share_found) << a.body;
  const Answer huge = w.client->call(
      "POST", "/api/v1/national/whatif", w.tokens["regulator"],
      R"({"scenario": "h", "operations": [{"add": {"operator": "albion", "count": 2000000, "maker": "zte",
          "function": "ran"}}]})");
  EXPECT_EQ(huge.status, 400) << huge.body;
  EXPECT_EQ(w.client->call("POST", "/api/v1/national/whatif", w.tokens["regulator"], "scenario: [").status, 422);
}

TEST_F(ServerTest, ReturnsThatAreUnsignedChangedOrAnotherOperatorsAreRefused) {
  World& w = *world;
  const std::string token = w.tokens["brigantia-analyst"];
  // Albion's return sent as brigantia's.
  Answer a = w.client->call("POST", "/api/v1/operators/brigantia/returns", token, w.returns["albion"]);
  EXPECT_EQ(a.status, 422) << a.body;
  // One changed byte of content: the integrity digest no longer matches.
  std::string changed = w.returns["brigantia"];
  const std::size_t at = changed.find("\"as_of\": \"2018-04-20\"");
  ASSERT_NE(at, std::string::npos);
  changed.replace(at, 21, "\"as_of\": \"2018-04-21\"");
  a = w.client->call("POST", "/api/v1/operators/brigantia/returns", token, changed);
  EXPECT_EQ(a.status, 422) << a.body;
  // Signed with a key that is not the registered one.
  RunSpec spec;
  spec.inventories = {source("examples/uk-2018-national/brigantia.csv")};
  spec.as_of = Date::parse("2018-04-20");
  spec.registry_overlays = {source("examples/zte-2018/registry.yaml")};
  ReturnOptions ro;
  ro.operator_id = "brigantia";
  auto ret = run_return(spec, ro);
  ASSERT_TRUE(ret.ok());
  a = w.client->call("POST", "/api/v1/operators/brigantia/returns", token,
                     *write_return(*ret, generate_key_pair().secret_key));
  EXPECT_EQ(a.status, 422) << a.body;
  EXPECT_NE(a.parsed()["error"]["message"].get<std::string>().find("signature"), std::string::npos);
  a = w.client->call("POST", "/api/v1/operators/brigantia/returns", token, *write_return(*ret));
  EXPECT_EQ(a.status, 422) << a.body;
}

TEST_F(ServerTest, ReferenceRoutesServeThePacksAndTheRegistryAsTheEngineReadsThem) {
  World& w = *world;
  const std::string token = w.tokens["albion-viewer"];
  const json packs = w.client->call("GET", "/api/v1/policies", token).parsed();
  auto shipped = shipped_packs();
  ASSERT_TRUE(shipped.ok());
  ASSERT_EQ(packs.size(), shipped->size());
  for (std::size_t i = 0; i < packs.size(); ++i) {
    EXPECT_EQ(packs[i]["name"], (*shipped)[i].name);
    const json pack = w.client->call("GET", "/api/v1/policies/" + (*shipped)[i].name, token).parsed();
    ASSERT_EQ(pack["rules"].size(), (*shipped)[i].rules.size());
    for (std::size_t r = 0; r < pack["rules"].size(); ++r) EXPECT_EQ(pack["rules"][r]["id"], (*shipped)[i].rules[r].id);
  }
  EXPECT_EQ(w.client->call("GET", "/api/v1/policies/..%2F..%2Fetc%2Fpasswd", token).status, 404);
  // ZTE's UK designation of 2018-04-16 (data/registry/lists.yaml) is active on 2018-04-20 and not
  // on 2018-04-01.
  const auto uk_zte = [&](const std::string& date) {
    const json e = w.client->call("GET", "/api/v1/registry/entities/ZTE?as_of=" + date, token).parsed();
    EXPECT_EQ(e["id"], "zte");
    for (const json& d : e["designations"]) {
      if (d["list"] == "uk-ncsc-zte-2018") return d["active"].get<bool>();
    }
    ADD_FAILURE() << "no uk-ncsc-zte-2018 designation: " << e.dump();
    return false;
  };
  EXPECT_TRUE(uk_zte("2018-04-20"));
  EXPECT_FALSE(uk_zte("2018-04-01"));
  EXPECT_EQ(w.client->call("GET", "/api/v1/registry/entities/no-such-maker", token).status, 404);
  EXPECT_EQ(w.client->call("GET", "/api/v1/registry?as_of=2018-02-30", token).status, 400);
  const json m = w.client->call("GET", "/api/v1/registry/match?vendor=HUAWEI%20TECHNOLOGIES%20CO.,LTD", token).parsed();
  EXPECT_EQ(m["by_vendor"]["entity"], "huawei") << m.dump();
  EXPECT_TRUE(m["by_model"].is_null());
}

TEST_F(ServerTest, AJobsProgressStreamsAsServerSentEventsUntilItIsDone) {
  World& w = *world;
  const Answer up =
      w.client->call("POST", "/api/v1/operators/albion/inventories?name=small.csv&policy=uk-huawei-dvd",
                     w.tokens["albion-analyst"], read_text(source("examples/small/inventory.csv")), "text/csv");
  ASSERT_EQ(up.status, 202) << up.body;
  const Answer events =
      w.client->call("GET", up.parsed()["links"]["job"].get<std::string>() + "/events", w.tokens["albion-viewer"]);
  ASSERT_EQ(events.status, 200);
  // Events are "event: progress\ndata: {...}\n\n"; the stream ends with the finished job.
  std::vector<json> jobs;
  for (std::size_t at = events.body.find("data: "); at != std::string::npos; at = events.body.find("data: ", at + 1)) {
    jobs.push_back(json::parse(events.body.substr(at + 6, events.body.find('\n', at) - at - 6)));
  }
  ASSERT_FALSE(jobs.empty()) << events.body;
  EXPECT_EQ(jobs.back()["state"], "done") << events.body;
  for (std::size_t i = 1; i < jobs.size(); ++i) EXPECT_NE(jobs[i], jobs[i - 1]);  // only changes are sent
}

TEST_F(ServerTest, AWhatIfOverTheApiIsTheEnginesWhatIfOnTheSameInventory) {
  World& w = *world;
  const Answer a = w.client->call("POST", w.inventory_path + "/whatif", w.tokens["albion-viewer"], kRemoveHuawei);
  ASSERT_EQ(a.status, 200) << a.body;
  // The engine's own what-if on the same file, date, pack and registry.
  auto inputs = load(uploaded_example_spec());
  ASSERT_TRUE(inputs.ok()) << inputs.status().message();
  auto scenario = parse_scenario(kRemoveHuawei, "scenario");
  ASSERT_TRUE(scenario.ok()) << scenario.status().message();
  auto run = run_whatif(**inputs, *scenario, true);
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_EQ(a.parsed(), json::parse(render_comparison_json(run->comparison)));
  // Some figure moved: Huawei's kit is gone in the after-state.
  bool moved = false;
  for (const MetricRow& r : run->comparison.rows) moved = moved || (!r.text() && r.before != r.after);
  EXPECT_TRUE(moved);

  // A cascade would read BOM files on the server's disk; a located error for a bad scenario.
  const Answer cascade = w.client->call(
      "POST", w.inventory_path + "/whatif", w.tokens["albion-viewer"],
      R"({"scenario": "c", "operations": [{"cascade": {"boms": ["/etc/passwd"], "suppliers": ["US"], "target": "zte", "from": "2018-04-15"}}]})");
  EXPECT_EQ(cascade.status, 400) << cascade.body;
  const Answer bad = w.client->call("POST", w.inventory_path + "/whatif", w.tokens["albion-viewer"],
                                    "scenario: x\noperations:\n  - remove: {maker: huawei}\n", "application/yaml");
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.parsed()["error"]["message"].get<std::string>().rfind("scenario:3:", 0), 0u) << bad.body;
  const Answer huge = w.client->call("POST", w.inventory_path + "/whatif", w.tokens["albion-viewer"],
                                     R"({"scenario": "h", "operations": [{"add": {"count": 100000000, "vendor": "ZTE",
                                          "function": "ran"}}]})");
  EXPECT_EQ(huge.status, 400) << huge.body;
}

TEST_F(ServerTest, TheTopologyOfAnInventoryAndItsLinksIsTheEnginesAndNamesTheUploads) {
  World& w = *world;
  const std::string viewer = w.tokens["albion-viewer"];
  // A links upload of the access test may be being assessed: wait for the inventory's latest job.
  const json inventories = w.client->call("GET", "/api/v1/operators/albion/inventories", viewer).parsed();
  for (const json& i : inventories) {
    if (w.linked_path.ends_with("/" + std::to_string(i["id"].get<int>()))) {
      EXPECT_EQ(i["links_name"], "links.csv");
      wait_for_job(*w.client, "/api/v1/operators/albion/jobs/" + std::to_string(i["job"].get<int>()), viewer);
    }
  }
  const Answer a = w.client->call("GET", w.linked_path + "/topology", viewer);
  ASSERT_EQ(a.status, 200) << a.body;
  RunSpec spec = uploaded_example_spec();
  spec.links = source("examples/small/links.csv");
  auto inputs = load(spec);
  ASSERT_TRUE(inputs.ok()) << inputs.status().message();
  auto analysis = analyse(**inputs);
  ASSERT_TRUE(analysis.ok()) << analysis.status().message();
  const json engine = json::parse(render_json(assess_context(**inputs, *analysis)));
  EXPECT_EQ(a.parsed(), engine["topology"]);
  EXPECT_GT(engine["topology"]["graph"]["links"].get<int>(), 0);
  // The reports name the uploads, never the server's files.
  const Answer md = w.client->call("GET", w.linked_path + "/export?format=md", viewer);
  EXPECT_EQ(md.body.find(world->dir.string()), std::string::npos);
  // The graph to draw: every graph node once, every adjacency once, designated ones marked.
  const json graph = w.client->call("GET", w.linked_path + "/topology/graph", viewer).parsed();
  const json& figures = engine["topology"]["graph"];
  ASSERT_TRUE(graph["drawn"].get<bool>()) << graph.dump();
  EXPECT_EQ(graph["graph_nodes"], figures["graph_nodes"]);
  EXPECT_EQ(graph["nodes"].size(), figures["graph_nodes"].get<std::size_t>());
  EXPECT_EQ(graph["edges"].size(), figures["adjacencies"].get<std::size_t>());
  EXPECT_EQ(graph["hanging_elements"], figures["hanging_elements"]);
  std::size_t designated = 0, articulation = 0;
  for (const json& n : graph["nodes"]) {
    designated += n["designated"].get<bool>();
    articulation += n["articulation"].get<bool>();
    if (n["articulation"].get<bool>()) {
      EXPECT_TRUE(n["designated"].get<bool>()) << n.dump();
    }
    if (n["designated"].get<bool>()) {
      EXPECT_TRUE(n["maker"] == "huawei" || n["maker"] == "zte") << n.dump();
    }
  }
  EXPECT_GT(designated, 0u);
  EXPECT_GT(articulation, 0u);
  EXPECT_LE(articulation, engine["topology"]["articulation"]["designated"].size());
  for (const json& e : graph["edges"]) {
    EXPECT_LT(e[0].get<std::size_t>(), e[1].get<std::size_t>());
    EXPECT_LT(e[1].get<std::size_t>(), graph["nodes"].size());
  }
  const json too_big = w.client->call("GET", w.linked_path + "/topology/graph?max_nodes=1", viewer).parsed();
  EXPECT_FALSE(too_big["drawn"].get<bool>());
  EXPECT_TRUE(too_big["nodes"].empty());
  EXPECT_EQ(w.client->call("GET", w.inventory_path + "/topology/graph", viewer).status, 404);

  // No links, no topology; links the engine refuses fail the job with a message naming the upload.
  EXPECT_EQ(w.client->call("GET", w.inventory_path + "/topology", viewer).status, 404);
  const Answer up = w.client->call("POST", "/api/v1/operators/albion/inventories?name=tiny.csv",
                                   w.tokens["albion-analyst"], "id,function,vendor\nX1,core,Nokia\n", "text/csv");
  ASSERT_EQ(up.status, 202);
  ASSERT_EQ(wait_for_job(*w.client, up.parsed()["links"]["job"], viewer)["state"], "done");
  const std::string tiny =
      "/api/v1/operators/albion/inventories/" + std::to_string(up.parsed()["inventory"].get<int>());
  const Answer bad = w.client->call("PUT", tiny + "/links?name=mylinks.csv", w.tokens["albion-analyst"],
                                    "nothing,like,links\n1,2,3\n", "text/csv");
  ASSERT_EQ(bad.status, 202) << bad.body;
  const json job = wait_for_job(*w.client, bad.parsed()["links"]["job"], viewer);
  EXPECT_EQ(job["state"], "failed") << job.dump();
  EXPECT_EQ(job["error"].get<std::string>().rfind("mylinks.csv:", 0), 0u) << job.dump();
}

TEST_F(ServerTest, HistoryListsEachAssessedInventoryWithItsSummaryByDate) {
  World& w = *world;
  const json history = w.client->call("GET", "/api/v1/operators/albion/history", w.tokens["albion-viewer"]).parsed();
  ASSERT_TRUE(history.is_array());
  ASSERT_FALSE(history.empty());
  bool found = false;
  for (std::size_t i = 0; i < history.size(); ++i) {
    if (i > 0) {
      EXPECT_LE(history[i - 1]["as_of"].get<std::string>(), history[i]["as_of"].get<std::string>());
    }
    const std::string path =
        "/api/v1/operators/albion/inventories/" + std::to_string(history[i]["inventory"].get<int>());
    if (path != w.inventory_path) continue;
    found = true;
    EXPECT_EQ(history[i]["summary"], w.client->call("GET", path + "/assessment", w.tokens["albion-viewer"]).parsed());
    EXPECT_EQ(history[i]["as_of"], "2028-01-01");
  }
  EXPECT_TRUE(found) << history.dump();
  // The summary has the shares by region too, the whole network's count among them.
  const json summary = history[0]["summary"];
  ASSERT_TRUE(summary["regions"].is_object()) << summary.dump();
  double elements = 0;
  for (const auto& [region, scope] : summary["regions"].items()) elements += scope["total"]["count"].get<double>();
  EXPECT_DOUBLE_EQ(elements, summary["shares"]["all"]["total"]["count"].get<double>());
}

TEST_F(ServerTest, ADiffOfTwoInventoriesShowsTheFindingsResolvedAndTheFiguresSideBySide) {
  World& w = *world;
  const std::string viewer = w.tokens["albion-viewer"];
  // examples/small without one element that has findings (and that no other row names as uplink).
  const json before = w.client->call("GET", w.inventory_path + "/violations?per_page=1000", viewer).parsed();
  const std::string inventory = read_text(source("examples/small/inventory.csv"));
  std::string gone;
  for (const json& v : before["items"]) {
    const std::string id = v["element"];
    if (inventory.find(id) == inventory.rfind(id)) {
      gone = id;
      break;
    }
  }
  ASSERT_FALSE(gone.empty());
  std::size_t gone_findings = 0;
  for (const json& v : before["items"]) gone_findings += v["element"] == gone;
  const std::size_t line = inventory.find("\n" + gone + ",");
  ASSERT_NE(line, std::string::npos);
  const std::string without = inventory.substr(0, line) + inventory.substr(inventory.find('\n', line + 1));
  const Answer up = w.client->call(
      "POST", "/api/v1/operators/albion/inventories?name=smaller.csv&as_of=2028-01-01&policy=uk-huawei-dvd",
      w.tokens["albion-analyst"], without, "text/csv");
  ASSERT_EQ(up.status, 202) << up.body;
  ASSERT_EQ(wait_for_job(*w.client, up.parsed()["links"]["job"], viewer)["state"], "done");

  const std::string from = w.inventory_path.substr(w.inventory_path.rfind('/') + 1);
  const std::string to = std::to_string(up.parsed()["inventory"].get<int>());
  const Answer a = w.client->call("GET", "/api/v1/operators/albion/diff?from=" + from + "&to=" + to, viewer);
  ASSERT_EQ(a.status, 200) << a.body;
  const json d = a.parsed();
  EXPECT_EQ(d["findings"]["new"]["total"], 0) << d["findings"].dump();
  EXPECT_EQ(d["findings"]["resolved"]["total"], gone_findings);
  for (const json& v : d["findings"]["resolved"]["items"]) EXPECT_EQ(v["element"], gone);
  bool rows_found = false;
  for (const json& m : d["metrics"]) {
    if (m["section"] == "rows" && m["metric"] == "read") {
      rows_found = true;
      EXPECT_DOUBLE_EQ(m["delta"].get<double>(), -1);
    }
  }
  EXPECT_TRUE(rows_found) << a.body;
  // Another operator's inventory id, a missing one, or no ids at all are refused.
  EXPECT_EQ(w.client->call("GET", "/api/v1/operators/albion/diff?from=" + from + "&to=999999", viewer).status, 404);
  EXPECT_EQ(w.client->call("GET", "/api/v1/operators/albion/diff", viewer).status, 400);
}

TEST_F(ServerTest, ViolationsAsCsvAreEveryRowTheFiltersSelect) {
  World& w = *world;
  const std::string token = w.tokens["albion-viewer"];
  const json all = w.client->call("GET", w.inventory_path + "/violations?per_page=1000", token).parsed();
  const Answer csv = w.client->call("GET", w.inventory_path + "/violations?format=csv", token);
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.headers.find("Content-Type")->second, "text/csv; charset=utf-8");
  EXPECT_EQ(static_cast<std::int64_t>(std::count(csv.body.begin(), csv.body.end(), '\n')),
            all["total"].get<std::int64_t>() + 1);
  EXPECT_EQ(csv.body.rfind("pack,rule,status,severity,element,function,region,maker,controller,source\n", 0), 0u);
  const std::string rule = all["items"][0]["rule"];
  const json filtered =
      w.client->call("GET", w.inventory_path + "/violations?per_page=1000&rule=" + rule, token).parsed();
  const Answer one_rule = w.client->call("GET", w.inventory_path + "/violations?format=csv&rule=" + rule, token);
  EXPECT_EQ(static_cast<std::int64_t>(std::count(one_rule.body.begin(), one_rule.body.end(), '\n')),
            filtered["total"].get<std::int64_t>() + 1);
  EXPECT_EQ(w.client->call("GET", w.inventory_path + "/violations?format=xml", token).status, 400);
}

TEST_F(ServerTest, RevokedTokensAndBadRequestsAreAnsweredWithTheirStatus) {
  World& w = *world;
  Answer made = w.client->call("POST", "/api/v1/tokens", w.tokens["albion-viewer"], json{{"label", "ci"}}.dump());
  ASSERT_EQ(made.status, 201);
  const std::string token = made.parsed()["token"];
  EXPECT_EQ(w.client->call("GET", "/api/v1/me", token).status, 200);
  const std::string id = std::to_string(made.parsed()["id"].get<int>());
  // Another user cannot revoke it; its owner can, and then it is refused.
  EXPECT_EQ(w.client->call("DELETE", "/api/v1/tokens/" + id, w.tokens["albion-analyst"]).status, 404);
  EXPECT_EQ(w.client->call("DELETE", "/api/v1/tokens/" + id, w.tokens["albion-viewer"]).status, 200);
  EXPECT_EQ(w.client->call("GET", "/api/v1/me", token).status, 401);
  const json listed = w.client->call("GET", "/api/v1/tokens", w.tokens["albion-viewer"]).parsed();
  for (const json& t : listed) EXPECT_FALSE(t.contains("hash")) << t.dump();

  EXPECT_EQ(w.client->call("GET", "/api/v1/nowhere").status, 404);
  EXPECT_EQ(w.client->call("DELETE", "/api/v1/me", w.tokens["root"]).status, 405);
  const Answer wrong = w.client->call("POST", "/api/v1/login", "", json{{"name", "root"}, {"password", "x"}}.dump());
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.parsed()["error"]["code"], "unauthenticated");
  EXPECT_EQ(w.client->call("POST", "/api/v1/login", "", "{not json").status, 400);
  EXPECT_EQ(w.client->call("POST", "/api/v1/operators", w.tokens["root"], json{{"id", "Bad Id"}, {"name", "x"}}.dump())
                .status,
            400);
  EXPECT_EQ(w.client
                ->call("POST", "/api/v1/operators/albion/inventories?policy=../../etc/passwd",
                       w.tokens["albion-analyst"], "id\nX\n", "text/csv")
                .status,
            400);
  // A file the engine refuses ends its job failed, with the engine's located message naming the upload.
  Answer up = w.client->call("POST", "/api/v1/operators/albion/inventories?name=noid.csv", w.tokens["albion-analyst"],
                             "vendor,model\nHuawei,X\n", "text/csv");
  ASSERT_EQ(up.status, 202) << up.body;
  json job = wait_for_job(*w.client, up.parsed()["links"]["job"], w.tokens["albion-viewer"]);
  EXPECT_EQ(job["state"], "failed");
  EXPECT_EQ(job["error"].get<std::string>().rfind("noid.csv:1:1: ", 0), 0u) << job.dump();
  // Rows the engine cannot read make the verdict incomplete, never compliant.
  up = w.client->call("POST", "/api/v1/operators/albion/inventories?name=bad.json&policy=uk-huawei-dvd",
                      w.tokens["albion-analyst"], "{\"elements\": [", "application/json");
  ASSERT_EQ(up.status, 202) << up.body;
  job = wait_for_job(*w.client, up.parsed()["links"]["job"], w.tokens["albion-viewer"]);
  ASSERT_EQ(job["state"], "done") << job.dump();
  const json summary = w.client->call("GET", up.parsed()["links"]["assessment"], w.tokens["albion-viewer"]).parsed();
  EXPECT_EQ(summary["rows"]["rejected"], 1);
  EXPECT_EQ(summary["verdict"]["outcome"], "incomplete") << summary.dump();
}

}  // namespace
}  // namespace kitwatch
