// The server tests' options: where the database is. Shared by the server's test files.
#pragma once

#include <filesystem>
#include <string>

#include "server/server.h"
#include "test_support.h"

namespace kitwatch {

// A server on any free loopback port, quiet, with cheap password hashing, the registry overlay and
// capacity pack of examples/uk-2018-national, and its database in dir.
inline ServerOptions test_options(const std::filesystem::path& dir) {
  ServerOptions o;
  o.db = (dir / "server.db").string();
  o.port = 0;
  o.quiet = true;
  o.http_threads = 4;
  o.password_cost = PasswordCost::kMinimum;
  o.registry_overlays = {testing_support::source("examples/zte-2018/registry.yaml")};
  o.capacity = testing_support::source("examples/zte-2018/uk-2018.policy.yaml");
  return o;
}

}  // namespace kitwatch
