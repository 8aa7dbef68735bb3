// The server tests' options and databases, shared by the server's test files.
#pragma once

#include <filesystem>
#include <string>

#include "base/sqlite.h"
#include "base/status.h"
#include "server/server.h"
#include "test_support.h"

namespace kitwatch {

// A new, empty database for one test: the SQLite file DIR/NAME.db.
inline std::string fresh_test_database(const std::filesystem::path& dir, const std::string& name = "server") {
  const std::filesystem::path file = dir / (name + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file.string() + suffix);
  return file.string();
}

// Runs sql on a test database around the store (to break it on purpose): the database's own
// error when it refuses.
inline Status exec_on_test_database(const std::string& db, const std::string& sql) {
  auto raw = sql::Database::open(db, sql::Database::Access::kCreate);
  if (!raw.ok()) return raw.status();
  return (*raw)->exec(sql);
}

// A server on any free loopback port, quiet, with cheap password hashing, the registry overlay and
// capacity pack of examples/uk-2018-national, and a fresh database in dir.
inline ServerOptions test_options(const std::filesystem::path& dir) {
  ServerOptions o;
  o.db = fresh_test_database(dir);
  o.port = 0;
  o.quiet = true;
  o.http_threads = 4;
  o.password_cost = PasswordCost::kMinimum;
  o.registry_overlays = {testing_support::source("examples/zte-2018/registry.yaml")};
  o.capacity = testing_support::source("examples/zte-2018/uk-2018.policy.yaml");
  return o;
}

}  // namespace kitwatch
