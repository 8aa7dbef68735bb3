// A small RAII layer over the SQLite C API (the snapshot store and the server's store): a connection and
// prepared statements that finalize themselves, and every SQLite error turned into a Status that
// carries SQLite's own message and the database path.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace kitwatch::sql {

class Statement;

class Database {
 public:
  // How a connection may touch the file: read and write it, also create it when missing, or only
  // read it (a report reading history must not change or create the database).
  enum class Access { kReadWrite, kCreate, kReadOnly };
  // Opens the database file at path.
  static Result<std::unique_ptr<Database>> open(const std::string& path, Access access);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs one or more statements that return no rows.
  Status exec(std::string_view sql);
  Result<Statement> prepare(std::string_view sql);
  // The first column of the first row of sql, as an integer (0 when there is no row).
  Result<std::int64_t> query_int(std::string_view sql);

  // A Status for the connection's last error: "PATH: what (SQLite message)".
  Status error(std::string_view what) const;
  std::int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_; }

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
};

// A prepared statement. Bind parameters are 1-based as in SQLite; columns are 0-based.
class Statement {
 public:
  Statement(Database& db, sqlite3_stmt* stmt) : db_(&db), stmt_(stmt) {}
  Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  // Binding never fails for a valid index; a wrong index is a programming error caught in tests.
  void bind(int index, std::int64_t value) { sqlite3_bind_int64(stmt_, index, value); }
  void bind(int index, double value) { sqlite3_bind_double(stmt_, index, value); }
  // The text is copied only if it must be: SQLITE_TRANSIENT is used, so the view may die after.
  void bind(int index, std::string_view text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  // For text that outlives the statement's next step: SQLite does not copy it.
  void bind_static(int index, std::string_view text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  }
  void bind_null(int index) { sqlite3_bind_null(stmt_, index); }

  // Advances: true when a row is ready, false when done.
  Result<bool> step();
  // Runs a statement that returns no rows, then resets it for reuse.
  Status run();
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  std::int64_t column_int(int column) const { return sqlite3_column_int64(stmt_, column); }
  double column_double(int column) const { return sqlite3_column_double(stmt_, column); }
  bool column_is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  int column_count() const { return sqlite3_column_count(stmt_); }
  int column_type(int column) const { return sqlite3_column_type(stmt_, column); }  // SQLITE_INTEGER, ...
  const char* column_name(int column) const { return sqlite3_column_name(stmt_, column); }
  // Valid until the next step, reset or destruction.
  std::string_view column_text(int column) const;

 private:
  Database* db_;
  sqlite3_stmt* stmt_;
};

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit() succeeded, so every
// early return inside an import leaves the database as it was.
class Transaction {
 public:
  explicit Transaction(Database& db) : db_(db) {}
  Status begin() {
    Status s = db_.exec("BEGIN IMMEDIATE");
    open_ = s.ok();
    return s;
  }
  Status commit();
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

 private:
  Database& db_;
  bool open_ = false;
};

}  // namespace kitwatch::sql
