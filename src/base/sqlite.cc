#include "base/sqlite.h"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <string_view>

namespace kitwatch::sql {

namespace {

// A database in a folder this process cannot write: SQLite cannot make the WAL index (-shm) a
// reader of a WAL database needs, so it is opened as immutable (nobody can be writing it there).
bool folder_is_read_only(const std::string& path) {
  const std::filesystem::path folder = std::filesystem::absolute(path).parent_path();
  return ::access(folder.c_str(), W_OK) != 0;
}

// file: URI of path, '%', '?' and '#' escaped as RFC 3986 and SQLite's URI parser want them.
std::string file_uri(const std::string& path, std::string_view query) {
  std::string out = "file:";
  for (const char ch : std::filesystem::absolute(path).string()) {
    if (ch == '%' || ch == '?' || ch == '#') {
      out += fmt::format("%{:02X}", static_cast<unsigned char>(ch));
    } else {
      out += ch;
    }
  }
  return out + "?" + std::string(query);
}

}  // namespace

Result<std::unique_ptr<Database>> Database::open(const std::string& path, Access access) {
  sqlite3* db = nullptr;
  const bool create = access == Access::kCreate;
  int flags =
      access == Access::kReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  std::string name = path;
  if (access == Access::kReadOnly && folder_is_read_only(path)) {
    name = file_uri(path, "immutable=1");
    flags |= SQLITE_OPEN_URI;
  }
  const int rc = sqlite3_open_v2(name.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    if (!create && (rc == SQLITE_CANTOPEN)) {
      return Status::io(
          fmt::format("{}: no snapshot database here ({}); `kitwatch snapshot add` creates one", path, message));
    }
    return Status::io(fmt::format("{}: cannot open the database ({})", path, message));
  }
  sqlite3_extended_result_codes(db, 1);
  // Another kitwatch writing the same file waits rather than failing at once.
  sqlite3_busy_timeout(db, 5000);
  return std::unique_ptr<Database>(new Database(db, path));
}

Database::~Database() {
  sqlite3_close_v2(db_);
}

Status Database::error(std::string_view what) const {
  const int code = sqlite3_errcode(db_);
  const std::string message = fmt::format("{}: {} ({})", path_, what, sqlite3_errmsg(db_));
  // A file that is not a database, or is damaged, is bad input; anything else is I/O.
  if (code == SQLITE_NOTADB || (code & 0xff) == SQLITE_CORRUPT) return Status::input(message);
  return Status::io(message);
}

Status Database::exec(std::string_view sql) {
  const std::string text(sql);
  char* message = nullptr;
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    sqlite3_free(message);
    return error(fmt::format("cannot run `{}`", text.substr(0, 60)));
  }
  return Status();
}

Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
      SQLITE_OK) {
    return error(fmt::format("cannot prepare `{}`", sql.substr(0, 60)));
  }
  return Statement(*this, stmt);
}

Result<std::int64_t> Database::query_int(std::string_view sql) {
  auto stmt = prepare(sql);
  if (!stmt.ok()) return stmt.status();
  auto row = stmt->step();
  if (!row.ok()) return row.status();
  return *row ? stmt->column_int(0) : 0;
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = other.stmt_;
    other.stmt_ = nullptr;
  }
  return *this;
}

Result<bool> Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return db_->error("statement failed");
}

Status Statement::run() {
  const int rc = sqlite3_step(stmt_);
  Status status = rc == SQLITE_DONE || rc == SQLITE_ROW ? Status() : db_->error("statement failed");
  sqlite3_reset(stmt_);
  return status;
}

std::string_view Statement::column_text(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (!text) return {};
  return {text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

Status Transaction::commit() {
  Status s = db_.exec("COMMIT");
  if (s.ok()) open_ = false;
  return s;
}

Transaction::~Transaction() {
  if (open_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

}  // namespace kitwatch::sql
