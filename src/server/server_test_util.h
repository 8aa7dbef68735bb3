// The server tests' options and databases, shared by the server's test files. The back end is the
// environment's choice: PostgreSQL when KITWATCH_TEST_POSTGRES holds a libpq URL (ctest
// server_postgres sets it through tests/postgres/with_postgres.sh), SQLite otherwise.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <sstream>
#include <string>
#include <thread>

#include "base/sqlite.h"
#include "base/status.h"
#include "server/server.h"
#include "test_support.h"

namespace kitwatch {

// The PostgreSQL server the tests use (a connection URL to a database they may create others
// from), or "" when they use SQLite.
inline std::string test_postgres_url() {
  const char* url = std::getenv("KITWATCH_TEST_POSTGRES");
  return url ? url : "";
}

inline bool is_postgres_database(const std::string& db) {
  return db.starts_with("postgresql://") || db.starts_with("postgres://");
}

// The same server's URL with another database: libpq takes the last dbname a URL gives.
inline std::string postgres_url_with_database(const std::string& url, const std::string& database) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "dbname=" + database;
}

// A new, empty database for one test, named after its folder (which holds the process id) and
// name: the SQLite file DIR/NAME.db, or on the KITWATCH_TEST_POSTGRES server the database
// kw_DIR_NAME, dropped first when an earlier run left it.
inline std::string fresh_test_database(const std::filesystem::path& dir, const std::string& name = "server") {
  const std::string url = test_postgres_url();
  if (url.empty()) {
    const std::filesystem::path file = dir / (name + ".db");
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file.string() + suffix);
    return file.string();
  }
  // A PostgreSQL identifier: lowercase letters, digits and underscores, at most 63 bytes.
  std::string database = "kw_";
  for (const char c : dir.filename().string() + "_" + name) {
    database += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
  }
  database.resize(std::min<std::size_t>(database.size(), 63));
  try {
    pqxx::connection maintenance(url);
    pqxx::nontransaction tx(maintenance);
    tx.exec("SET client_min_messages = warning");  // no NOTICE when there is nothing to drop
    tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(database) + " WITH (FORCE)");
    tx.exec("CREATE DATABASE " + tx.quote_name(database));
  } catch (const std::exception& e) {
    ADD_FAILURE() << "cannot make the test database " << database << " on " << url << ": " << e.what();
  }
  return postgres_url_with_database(url, database);
}

// Runs sql on a test database around the store (to break it on purpose): the database's own
// error when it refuses.
inline Status exec_on_test_database(const std::string& db, const std::string& sql) {
  if (!is_postgres_database(db)) {
    auto raw = sql::Database::open(db, sql::Database::Access::kCreate);
    if (!raw.ok()) return raw.status();
    return (*raw)->exec(sql);
  }
  try {
    pqxx::connection connection(db);
    pqxx::nontransaction tx(connection);
    tx.exec(sql);
    return Status();
  } catch (const std::exception& e) {
    return Status::io(e.what());
  }
}

// A server on any free loopback port, quiet, with cheap password hashing, the registry overlay and
// capacity pack of examples/uk-2018-national, and a fresh database for dir (uploaded files in dir).
inline ServerOptions test_options(const std::filesystem::path& dir) {
  ServerOptions o;
  o.db = fresh_test_database(dir);
  if (is_postgres_database(o.db)) o.files_dir = (dir / "server.files").string();
  o.port = 0;
  o.quiet = true;
  o.http_threads = 4;
  o.password_cost = PasswordCost::kMinimum;
  o.registry_overlays = {testing_support::source("examples/zte-2018/registry.yaml")};
  o.capacity = testing_support::source("examples/zte-2018/uk-2018.policy.yaml");
  return o;
}

// What the server tests share: files, folders, one HTTP exchange, a client, sign-in, waiting for a job.
inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::filesystem::path fresh_dir(const std::string& name) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("kitwatch-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// One HTTP exchange's outcome.
struct Answer {
  int status = 0;
  std::string body;
  httplib::Headers headers;
  nlohmann::json parsed() const { return nlohmann::json::parse(body, nullptr, false); }
};

// An HTTP client of a test server on loopback: token, when given, as a bearer token; more headers
// (a session cookie, X-CSRF-Token) through extra.
class Client {
 public:
  explicit Client(int port) : http_("127.0.0.1", port) { http_.set_read_timeout(60, 0); }
  Answer call(const std::string& method, const std::string& path, const std::string& token = "",
              const std::string& body = "", const std::string& type = "application/json",
              const httplib::Headers& extra = {}) {
    httplib::Headers headers = extra;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    httplib::Result r = method == "GET"    ? http_.Get(path, headers)
                        : method == "POST" ? http_.Post(path, headers, body, type)
                        : method == "PUT"  ? http_.Put(path, headers, body, type)
                                           : http_.Delete(path, headers);
    if (!r) return {-1, "no response: " + httplib::to_string(r.error()), {}};
    return {r->status, r->body, r->headers};
  }

 private:
  httplib::Client http_;
};

// Every test user's password.
inline const std::string kPassword = "a-long-test-password";

inline std::string login(Client& c, const std::string& name) {
  const Answer a = c.call("POST", "/api/v1/login", "", nlohmann::json{{"name", name}, {"password", kPassword}}.dump());
  EXPECT_EQ(a.status, 201) << a.body;
  return a.parsed().value("token", "");
}

// Through the API as the admin `root`: the operator "op" and its analyst "ana". Returns ana's token
// ("" and a test failure when the server refused).
inline std::string add_operator_and_analyst(Client& c, const std::string& root) {
  const Answer op = c.call("POST", "/api/v1/operators", root, nlohmann::json{{"id", "op"}, {"name", "Op"}}.dump());
  EXPECT_EQ(op.status, 201) << op.body;
  const Answer user =
      c.call("POST", "/api/v1/users", root,
             nlohmann::json{{"name", "ana"}, {"password", kPassword}, {"role", "analyst"}, {"operator", "op"}}.dump());
  EXPECT_EQ(user.status, 201) << user.body;
  return op.status == 201 && user.status == 201 ? login(c, "ana") : "";
}

inline nlohmann::json wait_for_job(Client& c, const std::string& path, const std::string& token) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  nlohmann::json job;
  while (std::chrono::steady_clock::now() < deadline) {
    job = c.call("GET", path, token).parsed();
    if (job.value("state", "") == "done" || job.value("state", "") == "failed") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return job;
}

}  // namespace kitwatch
