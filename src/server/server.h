// kitwatch serve: the engine behind an HTTP API, for an operator's team and for a regulator
// receiving returns (docs/server.md). The server only translates HTTP to engine calls (run/run.h,
// national/national.h) and back; who may call what is decided in one place (the route table's
// access rules), errors become an HTTP status and a JSON body in one place, and every write, export
// and sign-in leaves exactly one row in an append-only audit log.
//
// Storage: one database, SQLite (a file) or PostgreSQL (a postgresql:// URL), holding accounts,
// tokens, audit, jobs, inventories, assessments, violations and returns; and a folder of the
// uploaded files (DB.files/ beside a SQLite file, ServerOptions::files_dir for PostgreSQL).
//
// Thread safety: a Server is started and stopped from one thread; requests are served from
// cpp-httplib's thread pool and the assessments run on one background worker.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace kitwatch {

// How hard password hashing is (Argon2id through libsodium's crypto_pwhash). kInteractive is
// libsodium's recommended default for sign-in (64 MiB, about 0.1 s); kMinimum is for tests only.
enum class PasswordCost : std::uint8_t { kInteractive, kMinimum };

struct ServerOptions {
  std::string db = "kitwatch-server.db";  // the SQLite database; uploaded files go to DB.files/
  // The folder for uploaded files; "" = DB.files beside a SQLite database. Required for PostgreSQL.
  std::string files_dir;
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 = any free port (tests)
  unsigned http_threads = 8;
  // TLS in the process (PEM files); both empty = plain HTTP, for a reverse proxy that ends TLS.
  std::string tls_cert, tls_key;
  std::uint64_t max_body_bytes = 16ull << 20;   // any request but an upload (413 above)
  std::uint64_t max_upload_bytes = 2ull << 30;  // an inventory upload (413 above)
  unsigned max_requests_per_minute = 600;       // per token or per address without one (429 above)
  std::uint32_t token_days = 30;                // default lifetime of a token made at sign-in
  PasswordCost password_cost = PasswordCost::kInteractive;
  std::string ieee_dir;  // the IEEE MAC registry for assessments ("" = the engine's default)
  // Registry overlays every assessment and the national merge use (the regulator's own facts;
  // operators' returns must have been made with the same registry), and the national picture's
  // default capacity model (a pack with an evaluation section: shipped name or file).
  std::vector<std::string> registry_overlays;
  std::string capacity;
  bool quiet = false;  // no log lines on stderr
};

// The server's roles (docs/server.md "Roles"). Within an operator: viewer < analyst < admin. A
// regulator belongs to no operator: it sees every operator's returns and the national picture,
// never an operator's inventories. An admin with no operator administers the server (operators,
// users, keys, the audit log) but sees no operator's data either.
enum class Role : std::uint8_t { kViewer, kAnalyst, kAdmin, kRegulator };
std::string_view role_name(Role role);
Result<Role> parse_role(std::string_view name);

// Who may call a route.
enum class Access : std::uint8_t {
  kPublic,           // anyone (the API document, health, sign-in)
  kSignedIn,         // any valid token
  kAnyAdmin,         // the server's admin, or an operator's admin (within its operator)
  kServerAdmin,      // an admin with no operator
  kRegulator,        // a regulator
  kOperatorViewer,   // a user of the path's operator {op}, any role
  kOperatorAnalyst,  // ... analyst or admin
};
std::string_view access_name(Access access);

// One route of the API, as the server registers it and as the OpenAPI document lists it.
struct RouteInfo {
  std::string method;  // GET, POST, PUT, DELETE
  std::string path;    // OpenAPI form: /api/v1/operators/{op}/inventories
  Access access = Access::kPublic;
  bool audited = false;  // a write, an export or a sign-in: one audit row per call
};

// Every route the server registers, in registration order.
const std::vector<RouteInfo>& server_routes();

// The OpenAPI 3 document served at /api/openapi.json (docs/api/openapi.json, embedded).
std::string_view openapi_document();

// A running server. start() binds and serves from a background thread; stop() (or destruction)
// ends it and waits for the running job.
class Server {
 public:
  static Result<std::unique_ptr<Server>> start(const ServerOptions& options);
  ~Server();
  int port() const;  // the bound port (useful with port 0)
  void stop();
  // Blocks until stop() is called from another thread or a signal handler's thread.
  void wait();

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Creates the database when missing (and migrates it), then adds the first admin (an admin with no
// operator). Refused when the name is taken or the password is shorter than 12 characters.
Status init_admin(const std::string& db, const std::string& name, const std::string& password,
                  PasswordCost cost = PasswordCost::kInteractive);

// The schema version this kitwatch writes (PRAGMA user_version of the server database).
int server_schema_version();

}  // namespace kitwatch
