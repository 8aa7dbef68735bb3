// The server's store on a real database, SQLite or PostgreSQL as the environment chooses
// (server_test_util.h): migrations, refusing foreign and newer databases, the append-only audit
// log, tokens, violations, and what a killed server leaves behind. Both back ends must pass the same
// tests with the same answers.
#include "server/store.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <thread>

#include "base/sqlite.h"
#include "server/server.h"
#include "server/server_test_util.h"
#include "server/store_internal.h"

namespace kitwatch {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::unique_ptr<server::Store> open_or_fail(const std::string& db) {
  auto store = server::open_store(db);
  EXPECT_TRUE(store.ok()) << store.status().message();
  return store.ok() ? std::move(*store) : nullptr;
}

// The schema version as the back end records it: PRAGMA user_version, or kitwatch_schema.
std::int64_t recorded_version(const std::string& db) {
  if (!is_postgres_database(db)) {
    auto raw = sql::Database::open(db, sql::Database::Access::kReadOnly);
    return raw.ok() ? (*raw)->query_int("PRAGMA user_version").value() : -1;
  }
  pqxx::connection connection(db);
  pqxx::nontransaction tx(connection);
  return tx.exec("SELECT version FROM kitwatch_schema").at(0).at(0).as<std::int64_t>();
}

Status set_recorded_version(const std::string& db, int version) {
  return exec_on_test_database(db, is_postgres_database(db)
                                       ? "UPDATE kitwatch_schema SET version = " + std::to_string(version)
                                       : "PRAGMA user_version = " + std::to_string(version));
}

TEST(ServerStoreTest, AServerKilledDuringAJobLeavesItFailedOnRestart) {
  const fs::path dir = fresh_dir("server-restart");
  ServerOptions options = test_options(dir);
  {
    // The state a SIGKILL leaves: a job queued (or running) with no server to finish it.
    auto store = open_or_fail(options.db);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->add_operator("op", "Op").ok());
    server::InventoryRecord record{0, "op", "inv.csv", "auto", "2028-01-01", (dir / "inv.csv").string(), {}, "", ""};
    auto inv = store->add_inventory(record, 10, "00", "someone");
    ASSERT_TRUE(inv.ok());
    ASSERT_TRUE(store->add_job("op", *inv).ok());
    EXPECT_EQ((*store->job("op", 1))[0]["state"], "queued");
  }
  auto started = Server::start(options);
  ASSERT_TRUE(started.ok()) << started.status().message();
  (*started)->stop();
  auto store = open_or_fail(options.db);
  ASSERT_TRUE(store);
  const json job = (*store->job("op", 1))[0];
  EXPECT_EQ(job["state"], "failed");
  EXPECT_NE(job["error"].get<std::string>().find("server stopped"), std::string::npos);
  fs::remove_all(dir);
}

TEST(ServerStoreTest, TheSchemaIsMigratedFromEmptyAndForeignOrNewerFilesAreRefused) {
  const fs::path dir = fresh_dir("server-schema");
  const std::string db = fresh_test_database(dir, "schema");
  {
    auto store = open_or_fail(db);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->audit({"u", "", "test", "t", "local", "", 0}).ok());
  }
  EXPECT_EQ(recorded_version(db), server_schema_version());
  ASSERT_TRUE(set_recorded_version(db, 999).ok());
  auto newer = server::open_store(db);
  ASSERT_FALSE(newer.ok());
  EXPECT_NE(newer.status().message().find("newer kitwatch (schema 999"), std::string::npos) << newer.status().message();
  const std::string other = fresh_test_database(dir, "other");
  ASSERT_TRUE(exec_on_test_database(other, "CREATE TABLE t(x INTEGER)").ok());
  auto foreign = server::open_store(other);
  ASSERT_FALSE(foreign.ok());
  EXPECT_NE(foreign.status().message().find("not a kitwatch server database"), std::string::npos)
      << foreign.status().message();
  // The message names the database (its file, or its name in the URL).
  EXPECT_NE(foreign.status().message().find("other"), std::string::npos) << foreign.status().message();
  // A refused database is left as it was: no kitwatch tables added to it.
  EXPECT_FALSE(exec_on_test_database(other, "SELECT id FROM operators").ok());
  fs::remove_all(dir);
}

TEST(ServerStoreTest, ADatabaseOfThePreviousSchemaIsMigratedKeepingItsRows) {
  const fs::path dir = fresh_dir("server-previous");
  const std::string db = fresh_test_database(dir, "previous");
  {
    auto store = open_or_fail(db);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->add_operator("op", "Op").ok());
    ASSERT_TRUE(
        store->add_inventory({0, "op", "inv.csv", "auto", "2028-01-01", "inv.csv", {}, "", ""}, 1, "00", "me").ok());
  }
  // Schema 1 is schema 2 without migration 2's columns: take them away and say so.
  ASSERT_EQ(server_schema_version(), 2);
  for (const char* column : {"links_name", "links_file"}) {
    ASSERT_TRUE(exec_on_test_database(db, std::string("ALTER TABLE inventories DROP COLUMN ") + column).ok());
  }
  ASSERT_TRUE(set_recorded_version(db, 1).ok());
  auto store = open_or_fail(db);
  ASSERT_TRUE(store);
  EXPECT_EQ(recorded_version(db), 2);
  const auto inventory = store->inventory("op", 1);
  ASSERT_TRUE(inventory.has_value());
  EXPECT_EQ(inventory->name, "inv.csv");
  EXPECT_EQ(inventory->links_file, "");
  ASSERT_TRUE(store->set_inventory_links("op", 1, "links.csv", "/files/l.csv").ok());
  EXPECT_EQ(store->inventory("op", 1)->links_name, "links.csv");
  fs::remove_all(dir);
}

TEST(ServerStoreTest, ReopeningAMigratedDatabaseChangesNothing) {
  const fs::path dir = fresh_dir("server-reopen");
  const std::string db = fresh_test_database(dir, "reopen");
  {
    auto store = open_or_fail(db);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->add_operator("albion", "Albion").ok());
  }
  for (int i = 0; i < 2; ++i) {
    auto store = open_or_fail(db);
    ASSERT_TRUE(store);
    EXPECT_TRUE(store->operator_exists("albion"));
    EXPECT_EQ((*store->operators(""))[0]["name"], "Albion");
  }
  EXPECT_EQ(recorded_version(db), server::Store::current_version());
  fs::remove_all(dir);
}

TEST(ServerStoreTest, ADatabaseAnotherProgramClaimsIsRefused) {
  const fs::path dir = fresh_dir("server-claimed");
  const std::string db = fresh_test_database(dir, "claimed");
  ASSERT_TRUE(open_or_fail(db));
  ASSERT_TRUE(exec_on_test_database(db, is_postgres_database(db)
                                            ? "UPDATE kitwatch_schema SET application = 'another-program'"
                                            : "PRAGMA application_id = 1")
                  .ok());
  auto claimed = server::open_store(db);
  ASSERT_FALSE(claimed.ok());
  EXPECT_NE(claimed.status().message().find("not a kitwatch server database"), std::string::npos);
  fs::remove_all(dir);
}

TEST(ServerStoreTest, TwoStoresOpeningOneEmptyDatabaseAtOnceBothSucceed) {
  const fs::path dir = fresh_dir("server-race");
  const std::string db = fresh_test_database(dir, "race");
  // The server and `kitwatch serve --init-admin` may migrate the same new database together: one
  // migrates, the other waits and finds it migrated.
  const auto open_status = [&db] {
    auto store = server::open_store(db);
    return store.ok() ? Status() : store.status();
  };
  Status first, second;
  std::thread a([&] { first = open_status(); });
  std::thread b([&] { second = open_status(); });
  a.join();
  b.join();
  EXPECT_TRUE(first.ok()) << first.message();
  EXPECT_TRUE(second.ok()) << second.message();
  EXPECT_EQ(recorded_version(db), server::Store::current_version());
  fs::remove_all(dir);
}

TEST(ServerStoreTest, TheAuditLogIsAppendOnly) {
  const fs::path dir = fresh_dir("server-audit");
  const std::string db = fresh_test_database(dir, "audit");
  auto store = open_or_fail(db);
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->audit({"ana", "albion", "login", "login", "10.0.0.1", "", 200}).ok());
  ASSERT_TRUE(store->audit({"bob", "", "login", "login", "10.0.0.2", "refused", 401}).ok());
  std::vector<std::string> attempts = {"UPDATE audit SET user_name = 'someone else'", "DELETE FROM audit",
                                       "DELETE FROM audit WHERE status = 401"};
  if (is_postgres_database(db)) attempts.push_back("TRUNCATE audit");  // SQLite has no TRUNCATE
  for (const std::string& attempt : attempts) {
    const Status s = exec_on_test_database(db, attempt);
    EXPECT_FALSE(s.ok()) << attempt;
    EXPECT_NE(s.message().find("the audit log is append-only"), std::string::npos) << attempt << ": " << s.message();
  }
  const json rows = *store->audit_rows("", 10);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]["user"], "bob");  // newest first
  EXPECT_EQ(rows[1]["user"], "ana");
  EXPECT_EQ(rows[1]["status"], 200);
  EXPECT_EQ((*store->audit_rows("albion", 10)).size(), 1u);
  EXPECT_EQ((*store->audit_rows("", 1)).size(), 1u);
  fs::remove_all(dir);
}

TEST(ServerStoreTest, TextThatIsNotValidUtf8StillReachesTheAuditLog) {
  const fs::path dir = fresh_dir("server-bytes");
  const std::string db = fresh_test_database(dir, "bytes");
  auto store = open_or_fail(db);
  ASSERT_TRUE(store);
  // A sign-in name with a NUL (JSON's \u0000) and a path with bytes that are not UTF-8: PostgreSQL
  // text holds neither, and the attempt must still be recorded.
  const std::string name("ann\0x", 5);
  const Status s = store->audit({name, "", "login", "/api/v1/\xff\xfe", "local", "refused", 401});
  ASSERT_TRUE(s.ok()) << s.message();
  const json rows = *store->audit_rows("", 10);
  ASSERT_EQ(rows.size(), 1u);
  const std::string user = rows[0]["user"].get<std::string>();
  EXPECT_TRUE(user.starts_with("ann") && user.ends_with("x")) << user;
  EXPECT_TRUE(rows[0]["target"].get<std::string>().starts_with("/api/v1/"));
  fs::remove_all(dir);
}

TEST(ServerStoreTest, AddingAnOperatorOrUserTwiceIsAUsageError) {
  const fs::path dir = fresh_dir("server-twice");
  const std::string db = fresh_test_database(dir, "twice");
  auto store = open_or_fail(db);
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->add_operator("albion", "Albion").ok());
  const Status again = store->add_operator("albion", "Albion again");
  EXPECT_EQ(again.kind(), ErrorKind::kUsage);
  EXPECT_NE(again.message().find("operator 'albion' already exists"), std::string::npos) << again.message();
  const server::User ana{0, "ana", "hash", Role::kAnalyst, "albion"};
  auto id = store->add_user(ana);
  ASSERT_TRUE(id.ok()) << id.status().message();
  EXPECT_EQ(store->add_user(ana).status().kind(), ErrorKind::kUsage);
  // An analyst must belong to an operator that exists; a regulator to none.
  EXPECT_EQ(store->add_user({0, "nobody", "hash", Role::kAnalyst, "no-such-operator"}).status().kind(),
            ErrorKind::kUsage);
  EXPECT_EQ(store->add_user({0, "reg", "hash", Role::kRegulator, "albion"}).status().kind(), ErrorKind::kUsage);
  // The store still works after the refusals (a PostgreSQL transaction was rolled back).
  auto found = store->user_by_name("ana");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, *id);
  EXPECT_EQ(found->role, Role::kAnalyst);
  EXPECT_EQ(found->operator_id, "albion");
  EXPECT_FALSE(store->user_by_name("nobody").has_value());
  fs::remove_all(dir);
}

TEST(ServerStoreTest, UserOfTokenRefusesRevokedAndExpiredTokens) {
  const fs::path dir = fresh_dir("server-tokens");
  const std::string db = fresh_test_database(dir, "tokens");
  auto store = open_or_fail(db);
  ASSERT_TRUE(store);
  auto root = store->add_user({0, "root", "hash", Role::kAdmin, ""});
  auto other = store->add_user({0, "other", "hash", Role::kAdmin, ""});
  ASSERT_TRUE(root.ok() && other.ok());
  auto live = store->add_token(*root, "live-hash", "cli", server::utc_in_days(1));
  auto expired = store->add_token(*root, "expired-hash", "old", server::utc_in_days(-1));
  auto revoked = store->add_token(*root, "revoked-hash", "gone", server::utc_in_days(1));
  ASSERT_TRUE(live.ok() && expired.ok() && revoked.ok());
  EXPECT_NE(*live, *revoked);
  ASSERT_TRUE(store->user_of_token("revoked-hash", server::now_utc()).has_value());
  EXPECT_FALSE(*store->revoke_token(*other, *revoked));  // not the other user's token
  EXPECT_TRUE(*store->revoke_token(*root, *revoked));
  EXPECT_FALSE(*store->revoke_token(*root, *revoked));  // already revoked

  const std::string now = server::now_utc();
  auto user = store->user_of_token("live-hash", now);
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->name, "root");
  EXPECT_EQ(user->role, Role::kAdmin);
  EXPECT_EQ(user->operator_id, "");
  EXPECT_FALSE(store->user_of_token("expired-hash", now).has_value());
  EXPECT_FALSE(store->user_of_token("revoked-hash", now).has_value());
  EXPECT_FALSE(store->user_of_token("no-such-hash", now).has_value());
  // A live token expires: the same token two days on.
  EXPECT_FALSE(store->user_of_token("live-hash", server::utc_in_days(2)).has_value());
  const json listed = *store->tokens(*root);
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_TRUE(listed[0]["revoked"].is_null());
  EXPECT_TRUE(listed[2]["revoked"].is_string());
  fs::remove_all(dir);
}

std::vector<server::ViolationRow> made_up_violations(int n) {
  // Regions in mixed case: byte order puts "South" before "east" and "north", as SQLite sorts.
  const std::array<std::string, 3> regions = {"north", "South", "east"};
  std::vector<server::ViolationRow> rows;
  for (int i = 0; i < n; ++i) {
    rows.push_back({"pack", i % 2 ? "R2" : "R1", "violated", "high", fmt::format("e{:04}", i), "core",
                    regions[static_cast<std::size_t>(i) % 3], i % 5 ? "maker" : "other", "ctl",
                    fmt::format("inv.csv:{}", i + 2)});
  }
  return rows;
}

TEST(ServerStoreTest, ViolationsAreFilteredSortedAndPaged) {
  const fs::path dir = fresh_dir("server-violations");
  const std::string db = fresh_test_database(dir, "violations");
  auto store = open_or_fail(db);
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->add_operator("op", "Op").ok());
  auto inv =
      store->add_inventory({0, "op", "inv.csv", "auto", "2028-01-01", "inv.csv", {"pack"}, "", ""}, 1, "00", "me");
  ASSERT_TRUE(inv.ok());
  auto job = store->add_job("op", *inv);
  ASSERT_TRUE(job.ok());
  // More rows than one PostgreSQL INSERT takes, so the batches meet.
  const int n = 2500;
  ASSERT_TRUE(
      store->put_assessment(*job, *inv, json{{"verdict", "violations"}}, "{}", "# md", "<html>", made_up_violations(n))
          .ok());

  server::ViolationQuery q;
  q.per_page = 1000;
  q.page = 3;
  json page = *store->violations(*inv, q);
  EXPECT_EQ(page["total"], n);
  ASSERT_EQ(page["items"].size(), 500u);
  EXPECT_EQ(page["items"][0]["element"], "e2000");  // sorted by element, ascending
  EXPECT_EQ(page["items"][0]["source"], "inv.csv:2002");

  q = {};
  q.rule = "R2";
  q.maker = "other";
  page = *store->violations(*inv, q);
  EXPECT_EQ(page["total"], 250);  // odd i divisible by 5
  for (const json& item : page["items"]) EXPECT_EQ(item["rule"], "R2");
  EXPECT_EQ(page["items"][0]["element"], "e0005");

  q = {};
  q.sort = "element";
  q.descending = true;
  q.per_page = 2;
  page = *store->violations(*inv, q);
  ASSERT_EQ(page["items"].size(), 2u);
  EXPECT_EQ(page["items"][0]["element"], "e2499");
  EXPECT_EQ(page["items"][1]["element"], "e2498");

  // Byte order, and equal keys in insertion order: South (i = 1, 4, ...), then east, then north.
  q = {};
  q.sort = "region";
  q.per_page = 1000;
  page = *store->violations(*inv, q);
  EXPECT_EQ(page["items"][0]["region"], "South");
  EXPECT_EQ(page["items"][0]["element"], "e0001");
  EXPECT_EQ(page["items"][1]["element"], "e0004");
  EXPECT_EQ(page["items"][833]["region"], "east");
  EXPECT_EQ(page["items"][833]["element"], "e0002");

  q = {};
  q.page = 99;
  page = *store->violations(*inv, q);
  EXPECT_EQ(page["total"], n);
  EXPECT_TRUE(page["items"].empty());

  q = {};
  q.sort = "element; DROP TABLE violations";
  auto bad = store->violations(*inv, q);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().kind(), ErrorKind::kUsage);
  EXPECT_EQ((*store->violations(*inv, {}))["total"], n);
  // Assessed again: the new findings replace the old ones, not add to them.
  ASSERT_TRUE(
      store->put_assessment(*job, *inv, json{{"verdict", "violations"}}, "{}", "# md", "<html>", made_up_violations(7))
          .ok());
  EXPECT_EQ((*store->violations(*inv, {}))["total"], 7);
  fs::remove_all(dir);
}

TEST(ServerStoreTest, AnAssessmentIsStoredWholeAndReadByPart) {
  const fs::path dir = fresh_dir("server-assessment");
  const std::string db = fresh_test_database(dir, "assessment");
  auto store = open_or_fail(db);
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->add_operator("op", "Op").ok());
  auto inv =
      store->add_inventory({0, "op", "inv.csv", "auto", "2028-01-01", "inv.csv", {"a", "b"}, "", ""}, 1, "00", "me");
  ASSERT_TRUE(inv.ok());
  EXPECT_FALSE(store->assessment(*inv, "summary").has_value());
  auto job = store->add_job("op", *inv);
  ASSERT_TRUE(job.ok());
  const json summary = {{"verdict", "compliant"}, {"rows", 3}};
  ASSERT_TRUE(store->put_assessment(*job, *inv, summary, "{\"r\":1}", "# report", "<p>report</p>", {}).ok());
  // The job is done in the same transaction that stored its assessment.
  EXPECT_EQ((*store->job("op", *job))[0]["state"], "done");
  EXPECT_EQ(json::parse(*store->assessment(*inv, "summary")), summary);
  EXPECT_EQ(*store->assessment(*inv, "json"), "{\"r\":1}");
  EXPECT_EQ(*store->assessment(*inv, "md"), "# report");
  EXPECT_EQ(*store->assessment(*inv, "html"), "<p>report</p>");
  EXPECT_FALSE(store->assessment(*inv, "password_hash").has_value());
  auto record = store->inventory("op", *inv);
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->policies, (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(store->inventory("another-op", *inv).has_value());
  fs::remove_all(dir);
}

TEST(ServerStoreTest, RowsComeBackWithTheSameJsonTypes) {
  const fs::path dir = fresh_dir("server-types");
  const std::string db = fresh_test_database(dir, "types");
  auto store = open_or_fail(db);
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->add_operator("op", "Op").ok());
  EXPECT_EQ((*store->operators("op"))[0]["has_key"], 0);
  ASSERT_TRUE(store->set_operator_key("op", "abcd").ok());
  EXPECT_EQ((*store->operators(""))[0]["has_key"], 1);
  EXPECT_EQ(store->operator_key("op"), "abcd");
  auto inv =
      store->add_inventory({0, "op", "inv.csv", "auto", "2028-01-01", "inv.csv", {}, "", ""}, 316051, "00", "me");
  ASSERT_TRUE(inv.ok());
  auto job = store->add_job("op", *inv);
  ASSERT_TRUE(job.ok());
  ASSERT_TRUE(store->job_progress(*job, "running", "resolve", 7, 9).ok());
  json row = (*store->job("op", *job))[0];
  EXPECT_EQ(row, (json{{"id", *job},
                       {"inventory", *inv},
                       {"state", "running"},
                       {"stage", "resolve"},
                       {"done", 7},
                       {"total", 9},
                       {"error", nullptr},
                       {"created", row["created"]},
                       {"finished", nullptr}}));
  ASSERT_TRUE(store->job_finished(*job, "").ok());
  EXPECT_EQ((*store->job("op", *job))[0]["state"], "done");
  const json listed = (*store->inventories("op"))[0];
  EXPECT_EQ(listed["bytes"], 316051);
  EXPECT_EQ(listed["job"], *job);
  EXPECT_EQ(listed["policies"], json::array());
  ASSERT_TRUE(store->add_return("op", "2028-01-01", "d1", true, "r1.json", "me").ok());
  auto second = store->add_return("op", "2028-04-01", "d2", false, "r2.json", "me");
  ASSERT_TRUE(second.ok());
  const json returns = *store->latest_returns();
  ASSERT_EQ(returns.size(), 1u);
  EXPECT_EQ(returns[0]["id"], *second);
  EXPECT_EQ(returns[0]["signed"], 0);
  EXPECT_EQ(returns[0]["operator_name"], "Op");
  fs::remove_all(dir);
}

TEST(ServerStoreTest, APostgresStoreConnectsAgainWhenItsConnectionIsDropped) {
  const fs::path dir = fresh_dir("server-dropped");
  const std::string db = fresh_test_database(dir, "dropped");
  if (!is_postgres_database(db)) GTEST_SKIP() << "a SQLite file has no connection to lose";
  auto store = open_or_fail(db);
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->add_operator("albion", "Albion").ok());
  // What a restart of the PostgreSQL server, or an administrator, does to an idle connection
  // (waiting up to 5 s for it to be gone).
  ASSERT_TRUE(exec_on_test_database(db,
                                    "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
                                    "WHERE datname = current_database() AND pid <> pg_backend_pid()")
                  .ok());
  EXPECT_TRUE(store->operator_exists("albion"));
  EXPECT_TRUE(store->add_operator("brigantia", "Brigantia").ok());
  fs::remove_all(dir);
}

// Without a database: the choice of back end and what names it.

TEST(ServerStoreTest, APostgresUrlIsShownWithoutItsPassword) {
  EXPECT_EQ(server::database_display_name("postgresql://kw:s3cret@db.example.org:5432/kitwatch"),
            "postgresql://kw:***@db.example.org:5432/kitwatch");
  EXPECT_EQ(server::database_display_name("postgres://kw@localhost/kitwatch?password=s3cret&sslmode=require"),
            "postgres://kw@localhost/kitwatch?password=***&sslmode=require");
  EXPECT_EQ(server::database_display_name("postgresql:///kitwatch?host=/run/postgresql"),
            "postgresql:///kitwatch?host=/run/postgresql");
}

TEST(ServerStoreTest, TheFilesFolderIsBesideASqliteFileAndNamedForPostgres) {
  ServerOptions o;
  o.db = "/var/lib/kitwatch/server.db";
  EXPECT_EQ(*server::files_folder(o), "/var/lib/kitwatch/server.db.files");
  o.db = "sqlite:/var/lib/kitwatch/server.db";
  EXPECT_EQ(*server::files_folder(o), "/var/lib/kitwatch/server.db.files");
  o.db = "postgresql://kw:s3cret@localhost/kitwatch";
  auto missing = server::files_folder(o);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().kind(), ErrorKind::kUsage);
  EXPECT_TRUE(missing.status().message().starts_with("--files DIR")) << missing.status().message();
  EXPECT_EQ(missing.status().message().find("s3cret"), std::string::npos);
  o.files_dir = "/srv/kitwatch/files";
  EXPECT_EQ(*server::files_folder(o), "/srv/kitwatch/files");
  ServerOptions no_files;
  no_files.db = "postgres://localhost/kitwatch";
  no_files.port = 0;
  no_files.quiet = true;
  auto server = Server::start(no_files);
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().kind(), ErrorKind::kUsage);
}

TEST(ServerStoreTest, AnUnreachablePostgresServerIsRefusedNamingItWithoutThePassword) {
  // Port 1 on loopback: nothing listens there, so the connection is refused at once.
  auto store = server::open_store("postgresql://kw:s3cret@127.0.0.1:1/kitwatch?connect_timeout=5");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().kind(), ErrorKind::kIo);
  const std::string& message = store.status().message();
  EXPECT_TRUE(message.starts_with("postgresql://kw:***@127.0.0.1:1/kitwatch")) << message;
  EXPECT_NE(message.find("cannot connect"), std::string::npos) << message;
  EXPECT_EQ(message.find("s3cret"), std::string::npos) << message;
  EXPECT_EQ(server::open_store("sqlite:").status().kind(), ErrorKind::kUsage);
}

}  // namespace
}  // namespace kitwatch
