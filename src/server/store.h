// The server's database, private to the server module: accounts, tokens, the audit log, jobs,
// inventories with their assessments and violations, and operator returns, in one SQLite file
// whose schema is migrated in numbered steps (PRAGMA user_version; docs/server.md "Storage").
//
// One connection guarded by a mutex: requests come from many threads, and SQLite serialises
// writers anyway. Every method takes the lock for its whole transaction.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/sqlite.h"
#include "base/status.h"
#include "server/server.h"

namespace kitwatch::server {

using Json = nlohmann::ordered_json;

inline constexpr int kServerApplicationId = 0x4B575356;  // "KWSV": a kitwatch server database

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
};

class Store {
 public:
  // Opens (creating when missing) and migrates the database. Refuses a file that is not a kitwatch
  // server database or that a newer kitwatch wrote.
  static Result<std::unique_ptr<Store>> open(const std::string& path);
  static int current_version();

  // Marks every job still queued or running as failed: the server that ran it is gone.
  Status fail_unfinished_jobs();

  // Operators and their registered return-signing keys.
  Status add_operator(const std::string& id, const std::string& name);
  bool operator_exists(const std::string& id);
  Status set_operator_key(const std::string& id, const std::string& public_key_hex);
  std::string operator_key(const std::string& id);  // "" when none is registered
  Result<Json> operators(const std::string& only);  // only: one operator's row, "" = all

  // Users and tokens. Tokens are stored as the SHA-256 of their text, never the text.
  Result<std::int64_t> add_user(const User& user);
  std::optional<User> user_by_name(const std::string& name);
  Result<Json> users(const std::string& only_operator);
  Result<std::int64_t> add_token(std::int64_t user, const std::string& hash, const std::string& label,
                                 const std::string& expires);
  // The user a live token belongs to (not revoked, not expired at now).
  std::optional<User> user_of_token(const std::string& hash, const std::string& now);
  Result<Json> tokens(std::int64_t user);
  // Revokes one of the user's tokens; false when the user has no such live token.
  Result<bool> revoke_token(std::int64_t user, std::int64_t token);

  Status audit(const AuditRow& row);
  Result<Json> audit_rows(const std::string& only_operator, std::int64_t limit);

  // Inventories, their jobs and assessments.
  Result<std::int64_t> add_inventory(const InventoryRecord& record, std::uint64_t bytes, const std::string& sha256,
                                     const std::string& uploaded_by);
  std::optional<InventoryRecord> inventory(const std::string& operator_id, std::int64_t id);
  Result<Json> inventories(const std::string& operator_id);
  Result<std::int64_t> add_job(const std::string& operator_id, std::int64_t inventory);
  Status job_progress(std::int64_t job, const std::string& state, const std::string& stage, std::uint64_t done,
                      std::uint64_t total);
  Status job_finished(std::int64_t job, const std::string& error);  // "" = done
  Result<Json> job(const std::string& operator_id, std::int64_t job);
  // Stores an assessment's outputs and findings in one transaction (job_finished then says done).
  Status put_assessment(std::int64_t inventory, const Json& summary, const std::string& report_json,
                        const std::string& report_md, const std::string& report_html,
                        const std::vector<ViolationRow>& violations);
  // summary, json, md or html of an inventory's assessment; nullopt when there is none yet.
  std::optional<std::string> assessment(std::int64_t inventory, const std::string& part);
  Result<Json> violations(std::int64_t inventory, const ViolationQuery& query);

  // Operator returns: every upload is kept; the national picture takes each operator's latest.
  Result<std::int64_t> add_return(const std::string& operator_id, const std::string& as_of, const std::string& digest,
                                  bool signed_return, const std::string& file, const std::string& uploaded_by);
  Result<Json> latest_returns();

 private:
  explicit Store(std::unique_ptr<sql::Database> db) : db_(std::move(db)) {}
  Status migrate();
  Result<Json> query(std::string_view sql, const std::vector<std::string>& params);
  std::mutex mutex_;
  std::unique_ptr<sql::Database> db_;
};

// Now as an ISO 8601 UTC timestamp ("2026-12-07T10:15:00Z"), the form every row stores.
std::string now_utc();
// now_utc() moved by days.
std::string utc_in_days(std::int64_t days);

}  // namespace kitwatch::server
