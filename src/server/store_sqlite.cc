// The SQLite back end of the server's store: one file (WAL mode), its schema version in PRAGMA
// user_version and its owner in PRAGMA application_id.
#include <fmt/format.h>

#include <array>
#include <mutex>

#include "base/sqlite.h"
#include "server/store.h"
#include "server/store_internal.h"

namespace kitwatch::server {
namespace {

constexpr int kServerApplicationId = 0x4B575356;  // "KWSV": a kitwatch server database

// The migrations, in order (store_internal.h, kSchemaVersion); store_postgres.cc has the same steps.
constexpr auto kMigrations = std::to_array<std::string_view>({
    R"sql(
CREATE TABLE operators(
  id TEXT PRIMARY KEY, name TEXT NOT NULL, public_key TEXT, created TEXT NOT NULL);
CREATE TABLE users(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin', 'regulator')),
  operator_id TEXT REFERENCES operators(id), created TEXT NOT NULL,
  CHECK (role <> 'regulator' OR operator_id IS NULL),
  CHECK (role IN ('admin', 'regulator') OR operator_id IS NOT NULL));
CREATE TABLE tokens(
  id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), hash TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL, created TEXT NOT NULL, expires TEXT NOT NULL, revoked TEXT);
CREATE TABLE audit(
  id INTEGER PRIMARY KEY, at TEXT NOT NULL, user_name TEXT NOT NULL, operator_id TEXT NOT NULL,
  action TEXT NOT NULL, target TEXT NOT NULL, remote TEXT NOT NULL, status INTEGER NOT NULL,
  detail TEXT NOT NULL);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE inventories(
  id INTEGER PRIMARY KEY, operator_id TEXT NOT NULL REFERENCES operators(id), name TEXT NOT NULL,
  format TEXT NOT NULL, as_of TEXT NOT NULL, policies TEXT NOT NULL, file TEXT NOT NULL,
  bytes INTEGER NOT NULL, sha256 TEXT NOT NULL, uploaded_by TEXT NOT NULL, uploaded TEXT NOT NULL);
CREATE TABLE jobs(
  id INTEGER PRIMARY KEY, operator_id TEXT NOT NULL REFERENCES operators(id),
  inventory_id INTEGER NOT NULL REFERENCES inventories(id), state TEXT NOT NULL,
  stage TEXT NOT NULL DEFAULT '', done INTEGER NOT NULL DEFAULT 0, total INTEGER NOT NULL DEFAULT 0,
  error TEXT, created TEXT NOT NULL, finished TEXT);
CREATE TABLE assessments(
  inventory_id INTEGER PRIMARY KEY REFERENCES inventories(id), summary TEXT NOT NULL,
  report_json TEXT NOT NULL, report_md TEXT NOT NULL, report_html TEXT NOT NULL);
CREATE TABLE violations(
  inventory_id INTEGER NOT NULL REFERENCES inventories(id), pack TEXT NOT NULL, rule TEXT NOT NULL,
  status TEXT NOT NULL, severity TEXT NOT NULL, element TEXT NOT NULL, function TEXT NOT NULL,
  region TEXT NOT NULL, maker TEXT NOT NULL, controller TEXT NOT NULL, source TEXT NOT NULL);
CREATE INDEX violations_by_inventory ON violations(inventory_id, rule);
CREATE TABLE returns(
  id INTEGER PRIMARY KEY, operator_id TEXT NOT NULL REFERENCES operators(id), as_of TEXT NOT NULL,
  digest TEXT NOT NULL, signed INTEGER NOT NULL, file TEXT NOT NULL, received TEXT NOT NULL,
  uploaded_by TEXT NOT NULL);
)sql",
    // 2: an inventory's links file (the topology), uploaded after it, as its sender named it.
    R"sql(
ALTER TABLE inventories ADD COLUMN links_name TEXT NOT NULL DEFAULT '';
ALTER TABLE inventories ADD COLUMN links_file TEXT NOT NULL DEFAULT '';
)sql",
});
static_assert(kMigrations.size() == kSchemaVersion, "one SQLite migration per schema version");

Json column_json(const sql::Statement& stmt, int c) {
  switch (stmt.column_type(c)) {
    case SQLITE_NULL:
      return nullptr;
    case SQLITE_INTEGER:
      return stmt.column_int(c);
    case SQLITE_FLOAT:
      return stmt.column_double(c);
    default:
      return std::string(stmt.column_text(c));
  }
}

// One connection guarded by a mutex: requests come from many threads, and SQLite serialises
// writers anyway.
class SqliteStore final : public Store {
 public:
  explicit SqliteStore(std::unique_ptr<sql::Database> db) : db_(std::move(db)) {}
  // Sets the connection up (WAL, foreign keys) and migrates the schema.
  Status set_up();

  Status fail_unfinished_jobs() override;
  Status add_operator(const std::string& id, const std::string& name) override;
  bool operator_exists(const std::string& id) override;
  Status set_operator_key(const std::string& id, const std::string& public_key_hex) override;
  std::string operator_key(const std::string& id) override;
  Result<Json> operators(const std::string& only) override;
  Result<std::int64_t> add_user(const User& user) override;
  std::optional<User> user_by_name(const std::string& name) override;
  Result<Json> users(const std::string& only_operator) override;
  Result<std::int64_t> add_token(std::int64_t user, const std::string& hash, const std::string& label,
                                 const std::string& expires) override;
  std::optional<User> user_of_token(const std::string& hash, const std::string& now) override;
  Result<Json> tokens(std::int64_t user) override;
  Result<bool> revoke_token(std::int64_t user, std::int64_t token) override;
  Result<bool> revoke_token_hash(const std::string& hash) override;
  Status audit(const AuditRow& row) override;
  Result<Json> audit_rows(const std::string& only_operator, std::int64_t limit) override;
  Result<std::int64_t> add_inventory(const InventoryRecord& record, std::uint64_t bytes, const std::string& sha256,
                                     const std::string& uploaded_by) override;
  std::optional<InventoryRecord> inventory(const std::string& operator_id, std::int64_t id) override;
  Result<Json> inventories(const std::string& operator_id) override;
  Status set_inventory_links(const std::string& operator_id, std::int64_t id, const std::string& name,
                             const std::string& file) override;
  Result<std::int64_t> add_job(const std::string& operator_id, std::int64_t inventory) override;
  Status job_progress(std::int64_t job, const std::string& state, const std::string& stage, std::uint64_t done,
                      std::uint64_t total) override;
  Status job_finished(std::int64_t job, const std::string& error) override;
  Result<Json> job(const std::string& operator_id, std::int64_t job) override;
  Status put_assessment(std::int64_t job, std::int64_t inventory, const Json& summary, const std::string& report_json,
                        const std::string& report_md, const std::string& report_html,
                        const std::vector<ViolationRow>& violations) override;
  std::optional<std::string> assessment(std::int64_t inventory, const std::string& part) override;
  Result<Json> violations(std::int64_t inventory, const ViolationQuery& query) override;
  Result<std::int64_t> add_return(const std::string& operator_id, const std::string& as_of, const std::string& digest,
                                  bool signed_return, const std::string& file, const std::string& uploaded_by) override;
  Result<Json> latest_returns() override;

 private:
  Result<Json> query(std::string_view sql, const std::vector<std::string>& params);
  std::mutex mutex_;
  std::unique_ptr<sql::Database> db_;
};

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path) {
  auto db = sql::Database::open(path, sql::Database::Access::kCreate);
  if (!db.ok()) return db.status();
  auto store = std::make_unique<SqliteStore>(std::move(*db));
  if (Status s = store->set_up(); !s.ok()) return s;
  return std::unique_ptr<Store>(std::move(store));
}

Status SqliteStore::set_up() {
  if (Status s = db_->exec("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON"); !s.ok()) return s;
  // Checked and migrated in one write transaction: a second kitwatch opening the same new file
  // (the server and --init-admin) waits for it, then finds the schema migrated.
  sql::Transaction tx(*db_);
  if (Status s = tx.begin(); !s.ok()) return s;
  auto app = db_->query_int("PRAGMA application_id");
  if (!app.ok()) return app.status();
  auto version = db_->query_int("PRAGMA user_version");
  if (!version.ok()) return version.status();
  auto tables = db_->query_int("SELECT count(*) FROM sqlite_schema");
  if (!tables.ok()) return tables.status();
  if (*app != kServerApplicationId && (*app != 0 || *tables != 0)) {
    return Status::input(
        fmt::format("{}: not a kitwatch server database (a snapshot database, or another program's)", db_->path()));
  }
  if (*version > current_version()) {
    return Status::input(fmt::format("{}: written by a newer kitwatch (schema {}, this one knows up to {})",
                                     db_->path(), *version, current_version()));
  }
  if (*version == current_version()) return tx.commit();
  for (auto v = static_cast<std::size_t>(*version); v < kMigrations.size(); ++v) {
    if (Status s = db_->exec(kMigrations[v]); !s.ok()) return s;
  }
  if (Status s = db_->exec(
          fmt::format("PRAGMA application_id = {}; PRAGMA user_version = {}", kServerApplicationId, current_version()));
      !s.ok()) {
    return s;
  }
  return tx.commit();
}

Result<Json> SqliteStore::query(std::string_view text, const std::vector<std::string>& params) {
  auto stmt = db_->prepare(text);
  if (!stmt.ok()) return stmt.status();
  for (std::size_t i = 0; i < params.size(); ++i) stmt->bind(static_cast<int>(i + 1), std::string_view(params[i]));
  Json rows = Json::array();
  for (;;) {
    auto row = stmt->step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    Json item = Json::object();
    for (int c = 0; c < stmt->column_count(); ++c) item[stmt->column_name(c)] = column_json(*stmt, c);
    rows.push_back(std::move(item));
  }
  return rows;
}

Status SqliteStore::fail_unfinished_jobs() {
  std::lock_guard lock(mutex_);
  auto stmt = db_->prepare(
      "UPDATE jobs SET state = 'failed', error = 'the server stopped during the job; upload again', finished = ? "
      "WHERE state IN ('queued', 'running')");
  if (!stmt.ok()) return stmt.status();
  stmt->bind(1, std::string_view(now_utc()));
  return stmt->run();
}

Status SqliteStore::add_operator(const std::string& id, const std::string& name) {
  std::lock_guard lock(mutex_);
  auto stmt = db_->prepare("INSERT INTO operators(id, name, created) VALUES (?, ?, ?)");
  if (!stmt.ok()) return stmt.status();
  stmt->bind(1, std::string_view(id));
  stmt->bind(2, std::string_view(name));
  stmt->bind(3, std::string_view(now_utc()));
  if (Status s = stmt->run(); !s.ok()) {
    if ((sqlite3_extended_errcode(db_->handle()) & 0xff) == SQLITE_CONSTRAINT) {
      return Status::usage(fmt::format("operator '{}' already exists", id));
    }
    return s;
  }
  return Status();
}

bool SqliteStore::operator_exists(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto rows = query("SELECT id FROM operators WHERE id = ?", {id});
  return rows.ok() && !rows->empty();
}

Status SqliteStore::set_operator_key(const std::string& id, const std::string& public_key_hex) {
  std::lock_guard lock(mutex_);
  auto stmt = db_->prepare("UPDATE operators SET public_key = ? WHERE id = ?");
  if (!stmt.ok()) return stmt.status();
  stmt->bind(1, std::string_view(public_key_hex));
  stmt->bind(2, std::string_view(id));
  return stmt->run();
}

std::string SqliteStore::operator_key(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto rows = query("SELECT coalesce(public_key, '') AS k FROM operators WHERE id = ?", {id});
  if (!rows.ok() || rows->empty()) return "";
  return (*rows)[0]["k"].get<std::string>();
}

Result<Json> SqliteStore::operators(const std::string& only) {
  std::lock_guard lock(mutex_);
  if (only.empty()) {
    return query("SELECT id, name, public_key IS NOT NULL AS has_key, created FROM operators ORDER BY id", {});
  }
  return query("SELECT id, name, public_key IS NOT NULL AS has_key, created FROM operators WHERE id = ?", {only});
}

Result<std::int64_t> SqliteStore::add_user(const User& user) {
  std::lock_guard lock(mutex_);
  auto stmt = db_->prepare("INSERT INTO users(name, password_hash, role, operator_id, created) VALUES (?, ?, ?, ?, ?)");
  if (!stmt.ok()) return stmt.status();
  stmt->bind(1, std::string_view(user.name));
  stmt->bind(2, std::string_view(user.password_hash));
  stmt->bind(3, role_name(user.role));
  if (user.operator_id.empty()) {
    stmt->bind_null(4);
  } else {
    stmt->bind(4, std::string_view(user.operator_id));
  }
  stmt->bind(5, std::string_view(now_utc()));
  if (Status s = stmt->run(); !s.ok()) {
    if ((sqlite3_extended_errcode(db_->handle()) & 0xff) == SQLITE_CONSTRAINT) {
      return Status::usage(fmt::format("user '{}' already exists, or the role does not fit the operator", user.name));
    }
    return s;
  }
  return db_->last_insert_rowid();
}

std::optional<User> SqliteStore::user_by_name(const std::string& name) {
  std::lock_guard lock(mutex_);
  auto rows = query("SELECT id, name, password_hash, role, operator_id FROM users WHERE name = ?", {name});
  if (!rows.ok()) return std::nullopt;
  return user_of_rows(*rows);
}

Result<Json> SqliteStore::users(const std::string& only_operator) {
  std::lock_guard lock(mutex_);
  if (only_operator.empty()) return query("SELECT id, name, role, operator_id, created FROM users ORDER BY id", {});
  return query("SELECT id, name, role, operator_id, created FROM users WHERE operator_id = ? ORDER BY id",
               {only_operator});
}

Result<std::int64_t> SqliteStore::add_token(std::int64_t user, const std::string& hash, const std::string& label,
                                            const std::string& expires) {
  std::lock_guard lock(mutex_);
  auto stmt = db_->prepare("INSERT INTO tokens(user_id, hash, label, created, expires) VALUES (?, ?, ?, ?, ?)");
  if (!stmt.ok()) return stmt.status();
  stmt->bind(1, user);
  stmt->bind(2, std::string_view(hash));
  stmt->bind(3, std::string_view(label));
  stmt->bind(4, std::string_view(now_utc()));
  stmt->bind(5, std::string_view(expires));
  if (Status s = stmt->run(); !s.ok()) return s;
  return db_->last_insert_rowid();
}

std::optional<User> SqliteStore::user_of_token(const std::string& hash, const std::string& now) {
  std::lock_guard lock(mutex_);
  auto rows = query(
      "SELECT u.id, u.name, u.password_hash, u.role, u.operator_id FROM tokens t JOIN users u ON u.id = t.user_id "
      "WHERE t.hash = ? AND t.revoked IS NULL AND t.expires > ?",
      {hash, now});
  if (!rows.ok()) return std::nullopt;
  return user_of_rows(*rows);
}

Result<Json> SqliteStore::tokens(std::int64_t user) {
  std::lock_guard lock(mutex_);
  return query("SELECT id, label, created, expires, revoked FROM tokens WHERE user_id = ? ORDER BY id",
               {std::to_string(user)});
}

Result<bool> SqliteStore::revoke_token(std::int64_t user, std::int64_t token) {
  std::lock_guard lock(mutex_);
  auto stmt = db_->prepare("UPDATE tokens SET revoked = ? WHERE id = ? AND user_id = ? AND revoked IS NULL");
  if (!stmt.ok()) return stmt.status();
  stmt->bind(1, std::string_view(now_utc()));
  stmt->bind(2, token);
  stmt->bind(3, user);
  if (Status s = stmt->run(); !s.ok()) return s;
  return sqlite3_changes(db_->handle()) > 0;
}

Result<bool> SqliteStore::revoke_token_hash(const std::string& hash) {
  std::lock_guard lock(mutex_);
  auto stmt = db_->prepare("UPDATE tokens SET revoked = ? WHERE hash = ? AND revoked IS NULL");
  if (!stmt.ok()) return stmt.status();
  stmt->bind(1, std::string_view(now_utc()));
  stmt->bind(2, std::string_view(hash));
  if (Status s = stmt->run(); !s.ok()) return s;
  return sqlite3_changes(db_->handle()) > 0;
}

Status SqliteStore::audit(const AuditRow& row) {
  std::lock_guard lock(mutex_);
  auto stmt = db_->prepare(
      "INSERT INTO audit(at, user_name, operator_id, action, target, remote, status, detail) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (!stmt.ok()) return stmt.status();
  stmt->bind(1, std::string_view(now_utc()));
  stmt->bind(2, std::string_view(row.user));
  stmt->bind(3, std::string_view(row.operator_id));
  stmt->bind(4, std::string_view(row.action));
  stmt->bind(5, std::string_view(row.target));
  stmt->bind(6, std::string_view(row.remote));
  stmt->bind(7, static_cast<std::int64_t>(row.status));
  stmt->bind(8, std::string_view(row.detail));
  return stmt->run();
}

Result<Json> SqliteStore::audit_rows(const std::string& only_operator, std::int64_t limit) {
  std::lock_guard lock(mutex_);
  const std::string columns =
      "id, at, user_name AS user, operator_id AS operator, action, target, remote, status, detail";
  if (only_operator.empty()) {
    return query(fmt::format("SELECT {} FROM audit ORDER BY id DESC LIMIT ?", columns), {std::to_string(limit)});
  }
  return query(fmt::format("SELECT {} FROM audit WHERE operator_id = ? ORDER BY id DESC LIMIT ?", columns),
               {only_operator, std::to_string(limit)});
}

Result<std::int64_t> SqliteStore::add_inventory(const InventoryRecord& record, std::uint64_t bytes,
                                                const std::string& sha256, const std::string& uploaded_by) {
  std::lock_guard lock(mutex_);
  auto stmt = db_->prepare(
      "INSERT INTO inventories(operator_id, name, format, as_of, policies, file, bytes, sha256, uploaded_by, "
      "uploaded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!stmt.ok()) return stmt.status();
  stmt->bind(1, std::string_view(record.operator_id));
  stmt->bind(2, std::string_view(record.name));
  stmt->bind(3, std::string_view(record.format));
  stmt->bind(4, std::string_view(record.as_of));
  stmt->bind(5, std::string_view(Json(record.policies).dump()));
  stmt->bind(6, std::string_view(record.file));
  stmt->bind(7, static_cast<std::int64_t>(bytes));
  stmt->bind(8, std::string_view(sha256));
  stmt->bind(9, std::string_view(uploaded_by));
  stmt->bind(10, std::string_view(now_utc()));
  if (Status s = stmt->run(); !s.ok()) return s;
  return db_->last_insert_rowid();
}

std::optional<InventoryRecord> SqliteStore::inventory(const std::string& operator_id, std::int64_t id) {
  std::lock_guard lock(mutex_);
  auto rows = query(
      "SELECT id, operator_id, name, format, as_of, policies, file, links_name, links_file FROM inventories "
      "WHERE operator_id = ? AND id = ?",
      {operator_id, std::to_string(id)});
  if (!rows.ok()) return std::nullopt;
  return inventory_of_rows(*rows);
}

Result<Json> SqliteStore::inventories(const std::string& operator_id) {
  std::lock_guard lock(mutex_);
  auto rows = query(
      "SELECT i.id, i.name, i.format, i.as_of, i.policies, i.bytes, i.sha256, i.uploaded_by, i.uploaded, "
      "i.links_name, j.id AS job, j.state FROM inventories i "
      // An inventory's latest job: a links upload assesses it again.
      "LEFT JOIN jobs j ON j.id = (SELECT max(id) FROM jobs WHERE inventory_id = i.id) "
      "WHERE i.operator_id = ? ORDER BY i.id",
      {operator_id});
  if (!rows.ok()) return rows;
  for (Json& r : *rows) r["policies"] = Json::parse(r["policies"].get<std::string>());
  return rows;
}

Status SqliteStore::set_inventory_links(const std::string& operator_id, std::int64_t id, const std::string& name,
                                        const std::string& file) {
  std::lock_guard lock(mutex_);
  auto stmt = db_->prepare("UPDATE inventories SET links_name = ?, links_file = ? WHERE operator_id = ? AND id = ?");
  if (!stmt.ok()) return stmt.status();
  stmt->bind(1, std::string_view(name));
  stmt->bind(2, std::string_view(file));
  stmt->bind(3, std::string_view(operator_id));
  stmt->bind(4, id);
  return stmt->run();
}

Result<std::int64_t> SqliteStore::add_job(const std::string& operator_id, std::int64_t inventory) {
  std::lock_guard lock(mutex_);
  auto stmt = db_->prepare("INSERT INTO jobs(operator_id, inventory_id, state, created) VALUES (?, ?, 'queued', ?)");
  if (!stmt.ok()) return stmt.status();
  stmt->bind(1, std::string_view(operator_id));
  stmt->bind(2, inventory);
  stmt->bind(3, std::string_view(now_utc()));
  if (Status s = stmt->run(); !s.ok()) return s;
  return db_->last_insert_rowid();
}

Status SqliteStore::job_progress(std::int64_t job, const std::string& state, const std::string& stage,
                                 std::uint64_t done, std::uint64_t total) {
  std::lock_guard lock(mutex_);
  auto stmt = db_->prepare("UPDATE jobs SET state = ?, stage = ?, done = ?, total = ? WHERE id = ?");
  if (!stmt.ok()) return stmt.status();
  stmt->bind(1, std::string_view(state));
  stmt->bind(2, std::string_view(stage));
  stmt->bind(3, static_cast<std::int64_t>(done));
  stmt->bind(4, static_cast<std::int64_t>(total));
  stmt->bind(5, job);
  return stmt->run();
}

Status SqliteStore::job_finished(std::int64_t job, const std::string& error) {
  std::lock_guard lock(mutex_);
  auto stmt = db_->prepare("UPDATE jobs SET state = ?, error = ?, finished = ? WHERE id = ?");
  if (!stmt.ok()) return stmt.status();
  stmt->bind(1, std::string_view(error.empty() ? "done" : "failed"));
  if (error.empty()) {
    stmt->bind_null(2);
  } else {
    stmt->bind(2, std::string_view(error));
  }
  stmt->bind(3, std::string_view(now_utc()));
  stmt->bind(4, job);
  return stmt->run();
}

Result<Json> SqliteStore::job(const std::string& operator_id, std::int64_t job) {
  std::lock_guard lock(mutex_);
  return query(
      "SELECT id, inventory_id AS inventory, state, stage, done, total, error, created, finished FROM jobs "
      "WHERE operator_id = ? AND id = ?",
      {operator_id, std::to_string(job)});
}

Status SqliteStore::put_assessment(std::int64_t job, std::int64_t inventory, const Json& summary,
                                   const std::string& report_json, const std::string& report_md,
                                   const std::string& report_html, const std::vector<ViolationRow>& violations) {
  std::lock_guard lock(mutex_);
  sql::Transaction tx(*db_);
  if (Status s = tx.begin(); !s.ok()) return s;
  auto put = db_->prepare(
      "INSERT OR REPLACE INTO assessments(inventory_id, summary, report_json, report_md, report_html) "
      "VALUES (?, ?, ?, ?, ?)");
  if (!put.ok()) return put.status();
  put->bind(1, inventory);
  put->bind(2, std::string_view(summary.dump()));
  put->bind_static(3, report_json);
  put->bind_static(4, report_md);
  put->bind_static(5, report_html);
  if (Status s = put->run(); !s.ok()) return s;
  // A new assessment of the inventory replaces its findings, as it replaces its reports.
  auto clear = db_->prepare("DELETE FROM violations WHERE inventory_id = ?");
  if (!clear.ok()) return clear.status();
  clear->bind(1, inventory);
  if (Status s = clear->run(); !s.ok()) return s;
  auto row = db_->prepare(
      "INSERT INTO violations(inventory_id, pack, rule, status, severity, element, function, region, maker, "
      "controller, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!row.ok()) return row.status();
  for (const ViolationRow& v : violations) {
    row->bind(1, inventory);
    int i = 2;
    for (const std::string* field : {&v.pack, &v.rule, &v.status, &v.severity, &v.element, &v.function, &v.region,
                                     &v.maker, &v.controller, &v.source}) {
      row->bind_static(i++, *field);
    }
    if (Status s = row->run(); !s.ok()) return s;
  }
  auto done = db_->prepare("UPDATE jobs SET state = 'done', error = NULL, finished = ? WHERE id = ?");
  if (!done.ok()) return done.status();
  done->bind(1, std::string_view(now_utc()));
  done->bind(2, job);
  if (Status s = done->run(); !s.ok()) return s;
  return tx.commit();
}

std::optional<std::string> SqliteStore::assessment(std::int64_t inventory, const std::string& part) {
  const std::optional<std::string> column = assessment_column(part);
  if (!column) return std::nullopt;
  std::lock_guard lock(mutex_);
  auto rows = query(fmt::format("SELECT {} AS v FROM assessments WHERE inventory_id = ?", *column),
                    {std::to_string(inventory)});
  if (!rows.ok() || rows->empty()) return std::nullopt;
  return (*rows)[0]["v"].get<std::string>();
}

Result<Json> SqliteStore::violations(std::int64_t inventory, const ViolationQuery& q) {
  if (Status s = check_violation_sort(q); !s.ok()) return s;
  std::string where = "inventory_id = ?";
  std::vector<std::string> params = {std::to_string(inventory)};
  for (auto& [column, value] : violation_filters(q)) {
    where += fmt::format(" AND {} = ?", column);
    params.push_back(std::move(value));
  }
  std::lock_guard lock(mutex_);
  auto total = query(fmt::format("SELECT count(*) AS n FROM violations WHERE {}", where), params);
  if (!total.ok()) return total.status();
  params.push_back(std::to_string(q.per_page));
  params.push_back(std::to_string((q.page - 1) * q.per_page));
  auto rows = query(fmt::format("SELECT pack, rule, status, severity, element, function, region, maker, controller, "
                                "source FROM violations WHERE {} ORDER BY {} {}, rowid LIMIT ? OFFSET ?",
                                where, q.sort, q.descending ? "DESC" : "ASC"),
                    params);
  if (!rows.ok()) return rows.status();
  return Json{{"total", (*total)[0]["n"]}, {"page", q.page}, {"per_page", q.per_page}, {"items", std::move(*rows)}};
}

Result<std::int64_t> SqliteStore::add_return(const std::string& operator_id, const std::string& as_of,
                                             const std::string& digest, bool signed_return, const std::string& file,
                                             const std::string& uploaded_by) {
  std::lock_guard lock(mutex_);
  auto stmt = db_->prepare(
      "INSERT INTO returns(operator_id, as_of, digest, signed, file, received, uploaded_by) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!stmt.ok()) return stmt.status();
  stmt->bind(1, std::string_view(operator_id));
  stmt->bind(2, std::string_view(as_of));
  stmt->bind(3, std::string_view(digest));
  stmt->bind(4, static_cast<std::int64_t>(signed_return ? 1 : 0));
  stmt->bind(5, std::string_view(file));
  stmt->bind(6, std::string_view(now_utc()));
  stmt->bind(7, std::string_view(uploaded_by));
  if (Status s = stmt->run(); !s.ok()) return s;
  return db_->last_insert_rowid();
}

Result<Json> SqliteStore::latest_returns() {
  std::lock_guard lock(mutex_);
  return query(
      "SELECT r.id, r.operator_id AS operator, o.name AS operator_name, r.as_of, r.digest, r.signed, r.file, "
      "r.received, r.uploaded_by FROM returns r JOIN operators o ON o.id = r.operator_id "
      "WHERE r.id = (SELECT max(id) FROM returns WHERE operator_id = r.operator_id) ORDER BY r.operator_id",
      {});
}

}  // namespace kitwatch::server
