// The server's database, private to the server module: accounts, tokens, the audit log, jobs,
// inventories with their assessments and violations, and operator returns. Two back ends behind
// one interface, chosen by the database string (open_store): a SQLite file (store_sqlite.cc) or a
// PostgreSQL database (store_postgres.cc). Both migrate their schema in the same numbered steps
// (docs/server.md "Storage") and return the same rows as the same JSON.
//
// Thread safety: a Store may be called from many threads at once. Each back end keeps one
// connection guarded by a mutex, and every method takes the lock for its whole transaction.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "server/server.h"

namespace kitwatch::server {

using Json = nlohmann::ordered_json;

struct User {
  std::int64_t id = 0;
  std::string name, password_hash;
  Role role = Role::kViewer;
  std::string operator_id;  // "" = none (the server's admin, a regulator)
};

struct AuditRow {
  std::string user, operator_id, action, target, remote, detail;
  int status = 0;
};

// One (rule, element) finding of an assessment, as the violations route lists it.
struct ViolationRow {
  std::string pack, rule, status, severity, element, function, region, maker, controller, source;
};

struct ViolationQuery {
  std::string rule, function, region, maker, status;  // "" = any
  std::string sort = "element";                       // a ViolationRow column
  bool descending = false;
  std::int64_t page = 1, per_page = 100;
};

struct InventoryRecord {
  std::int64_t id = 0;
  std::string operator_id, name, format, as_of, file;
  std::vector<std::string> policies;
  std::string links_name, links_file;  // its links (the topology), when uploaded: "" = none
};

// The store's operations. Errors name the database; a back end's own exceptions never leave it.
class Store {
 public:
  virtual ~Store() = default;
  // The schema version this kitwatch writes: the number of migrations, the same for both back ends.
  static int current_version();

  // Marks every job still queued or running as failed: the server that ran it is gone.
  virtual Status fail_unfinished_jobs() = 0;

  // Operators and their registered return-signing keys.
  virtual Status add_operator(const std::string& id, const std::string& name) = 0;
  virtual bool operator_exists(const std::string& id) = 0;
  virtual Status set_operator_key(const std::string& id, const std::string& public_key_hex) = 0;
  virtual std::string operator_key(const std::string& id) = 0;  // "" when none is registered
  virtual Result<Json> operators(const std::string& only) = 0;  // only: one operator's row, "" = all

  // Users and tokens. Tokens are stored as the SHA-256 of their text, never the text.
  virtual Result<std::int64_t> add_user(const User& user) = 0;
  virtual std::optional<User> user_by_name(const std::string& name) = 0;
  virtual Result<Json> users(const std::string& only_operator) = 0;
  virtual Result<std::int64_t> add_token(std::int64_t user, const std::string& hash, const std::string& label,
                                         const std::string& expires) = 0;
  // The user a live token belongs to (not revoked, not expired at now).
  virtual std::optional<User> user_of_token(const std::string& hash, const std::string& now) = 0;
  virtual Result<Json> tokens(std::int64_t user) = 0;
  // Revokes one of the user's tokens; false when the user has no such live token.
  virtual Result<bool> revoke_token(std::int64_t user, std::int64_t token) = 0;
  // Revokes the live token with this hash (signing out of a browser session); false when none.
  virtual Result<bool> revoke_token_hash(const std::string& hash) = 0;

  virtual Status audit(const AuditRow& row) = 0;
  virtual Result<Json> audit_rows(const std::string& only_operator, std::int64_t limit) = 0;

  // Inventories, their jobs and assessments.
  virtual Result<std::int64_t> add_inventory(const InventoryRecord& record, std::uint64_t bytes,
                                             const std::string& sha256, const std::string& uploaded_by) = 0;
  virtual std::optional<InventoryRecord> inventory(const std::string& operator_id, std::int64_t id) = 0;
  virtual Result<Json> inventories(const std::string& operator_id) = 0;
  // Records the links file uploaded for an inventory (replacing any earlier one).
  virtual Status set_inventory_links(const std::string& operator_id, std::int64_t id, const std::string& name,
                                     const std::string& file) = 0;
  virtual Result<std::int64_t> add_job(const std::string& operator_id, std::int64_t inventory) = 0;
  virtual Status job_progress(std::int64_t job, const std::string& state, const std::string& stage, std::uint64_t done,
                              std::uint64_t total) = 0;
  virtual Status job_finished(std::int64_t job, const std::string& error) = 0;  // "" = done
  virtual Result<Json> job(const std::string& operator_id, std::int64_t job) = 0;
  // Stores an assessment's outputs and findings and marks its job done, in one transaction: a
  // server killed at any moment leaves either both or neither (the job then failed on restart).
  virtual Status put_assessment(std::int64_t job, std::int64_t inventory, const Json& summary,
                                const std::string& report_json, const std::string& report_md,
                                const std::string& report_html, const std::vector<ViolationRow>& violations) = 0;
  // summary, json, md or html of an inventory's assessment; nullopt when there is none yet.
  virtual std::optional<std::string> assessment(std::int64_t inventory, const std::string& part) = 0;
  virtual Result<Json> violations(std::int64_t inventory, const ViolationQuery& query) = 0;

  // Operator returns: every upload is kept; the national picture takes each operator's latest.
  virtual Result<std::int64_t> add_return(const std::string& operator_id, const std::string& as_of,
                                          const std::string& digest, bool signed_return, const std::string& file,
                                          const std::string& uploaded_by) = 0;
  virtual Result<Json> latest_returns() = 0;
};

// Opens (creating when missing) and migrates the database db names: a PostgreSQL connection URL
// (postgresql://... or postgres://...), or a SQLite file (sqlite:PATH or a bare PATH). Refuses a
// database that is not a kitwatch server database or that a newer kitwatch wrote.
Result<std::unique_ptr<Store>> open_store(const std::string& db);

// The folder for uploaded files: options.files_dir, or for a SQLite database when that is empty,
// DB.files beside the file. A PostgreSQL database has no file to put it beside: files_dir is required.
Result<std::string> files_folder(const ServerOptions& options);

// Now as an ISO 8601 UTC timestamp ("2026-12-07T10:15:00Z"), the form every row stores.
std::string now_utc();
// now_utc() moved by days.
std::string utc_in_days(std::int64_t days);

}  // namespace kitwatch::server
