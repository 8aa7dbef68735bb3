#include "snapshot/schema.h"

#include <fmt/format.h>

#include <array>

namespace kitwatch::snapshot_schema {
namespace {

// Each migration moves the schema from version index to index + 1. Never edit a released
// migration: append a new one, so every older database follows the same path.
constexpr std::array<const char*, 2> kMigrations = {
    // 1: the first schema. Repeated strings (sites, vendors, models, makers, file names) live once
    // in `text`; element rows refer to them by id. Elements are clustered by (snapshot, element id)
    // so a snapshot is one contiguous range and a diff is a merge of two ordered scans.
    R"sql(
CREATE TABLE text (id INTEGER PRIMARY KEY, value TEXT NOT NULL UNIQUE);
CREATE TABLE network_function (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
INSERT INTO network_function (id, name) VALUES
  (0, 'core'), (1, 'transport'), (2, 'aggregation'), (3, 'access'), (4, 'ran'), (5, 'cpe'),
  (6, 'management'), (7, 'other');
CREATE TABLE snapshot (
  id INTEGER PRIMARY KEY,
  label TEXT NOT NULL UNIQUE,
  taken TEXT NOT NULL,
  as_of TEXT NOT NULL,
  registry_version TEXT NOT NULL,
  registry_date TEXT NOT NULL,
  kitwatch_version TEXT NOT NULL,
  element_count INTEGER NOT NULL,
  rows_read INTEGER NOT NULL,
  rows_rejected INTEGER NOT NULL
);
CREATE TABLE snapshot_input (
  snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  path TEXT NOT NULL,
  PRIMARY KEY (snapshot_id, position)
) WITHOUT ROWID;
CREATE TABLE snapshot_policy (
  snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  title TEXT NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY (snapshot_id, position)
) WITHOUT ROWID;
CREATE TABLE metric_key (
  id INTEGER PRIMARY KEY,
  scope TEXT NOT NULL,
  measure TEXT NOT NULL,
  quantity TEXT NOT NULL,
  UNIQUE (scope, measure, quantity)
);
CREATE TABLE metric (
  snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
  key_id INTEGER NOT NULL REFERENCES metric_key(id),
  position INTEGER NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (snapshot_id, key_id)
) WITHOUT ROWID;
CREATE TABLE element (
  snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
  element_id TEXT NOT NULL,
  source_file INTEGER NOT NULL,
  source_line INTEGER NOT NULL,
  function INTEGER NOT NULL,
  region INTEGER NOT NULL,
  site INTEGER NOT NULL,
  declared_vendor INTEGER NOT NULL,
  manufacturer INTEGER NOT NULL,
  controller INTEGER NOT NULL,
  model INTEGER NOT NULL,
  software_version INTEGER NOT NULL,
  designated INTEGER NOT NULL,
  confidence REAL NOT NULL,
  traffic REAL NOT NULL,
  subscribers REAL NOT NULL,
  PRIMARY KEY (snapshot_id, element_id)
) WITHOUT ROWID;
)sql",
    // 2: which designation lists counted in the assessment ("" = every list in the registry).
    R"sql(
ALTER TABLE snapshot ADD COLUMN lists TEXT NOT NULL DEFAULT '';
CREATE INDEX snapshot_by_taken ON snapshot (taken, id);
)sql",
};

Status not_kitwatch(const sql::Database& db, std::string_view why) {
  return Status::input(fmt::format("{}: not a kitwatch snapshot database ({})", db.path(), why));
}

}  // namespace

int current_version() {
  return static_cast<int>(kMigrations.size());
}

Status migrate(sql::Database& db, int target) {
  auto version = db.query_int("PRAGMA user_version");
  if (!version.ok()) return version.status();
  if (*version >= target) return Status();
  sql::Transaction transaction(db);
  if (Status s = transaction.begin(); !s.ok()) return s;
  for (int v = static_cast<int>(*version); v < target; ++v) {
    if (Status s = db.exec(kMigrations[static_cast<std::size_t>(v)]); !s.ok()) return s;
  }
  if (Status s = db.exec(fmt::format("PRAGMA application_id = {}; PRAGMA user_version = {}", kApplicationId, target));
      !s.ok()) {
    return s;
  }
  return transaction.commit();
}

Status prepare(sql::Database& db, sql::Database::Access access) {
  const bool create = access == sql::Database::Access::kCreate;
  // The first read of a file that is not SQLite fails here with SQLITE_NOTADB.
  auto app = db.query_int("PRAGMA application_id");
  if (!app.ok()) return not_kitwatch(db, app.status().message());
  auto version = db.query_int("PRAGMA user_version");
  if (!version.ok()) return version.status();
  auto tables = db.query_int("SELECT count(*) FROM sqlite_schema");
  if (!tables.ok()) return tables.status();
  if (*app == 0 && *version == 0 && *tables == 0) {
    if (!create) return not_kitwatch(db, "it is empty; `kitwatch snapshot add` fills it");
  } else if (*app != kApplicationId) {
    return not_kitwatch(db, "another program's SQLite file");
  } else if (*version > current_version()) {
    return Status::input(
        fmt::format("{}: written by a newer kitwatch (schema version {}; this kitwatch reads up to {})", db.path(),
                    *version, current_version()));
  }
  if (access == sql::Database::Access::kReadOnly) {
    if (*version < current_version()) {
      return Status::input(fmt::format(
          "{}: written by an older kitwatch (schema version {}; this one reads {}): `kitwatch snapshot list --db {}` "
          "upgrades it",
          db.path(), *version, current_version(), db.path()));
    }
    return Status();
  }
  // WAL lets readers (history, a report) work while an import runs, and makes a killed import
  // leave only an uncommitted tail that the next open ignores.
  if (Status s = db.exec("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON"); !s.ok()) return s;
  return migrate(db, current_version());
}

}  // namespace kitwatch::snapshot_schema
